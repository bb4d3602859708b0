import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The AWS CLI's SSO token cache file for one session: `~/.aws/sso/cache/<sha1>.json`, where the
/// hash is of the `sso-session` name (or, for a legacy profile, of the start URL).
///
/// Reading tolerates writers that are not atomic (botocore before 1.34 truncated and rewrote the
/// file): a file that does not parse is read again a few times before it counts as corrupt.
/// Writing is atomic (a temporary file in the same directory, fsync, rename) with mode 0600.
struct TokenCache: Sendable {
    /// The file's path.
    let path: String
    /// How many times a read is tried before a file that does not parse counts as corrupt.
    var attempts = 3
    /// The pause between those tries.
    var retryDelay: Duration = .milliseconds(50)

    /// The cache file for `key` (a session name or a legacy start URL) under `home`.
    init(home: String, key: String) {
        path = Self.directory(home: home) + "/" + Self.fileName(forKey: key)
    }

    /// A cache at `path`.
    init(path: String) {
        self.path = path
    }

    /// `HOME/.aws/sso/cache`.
    static func directory(home: String) -> String {
        var home = home
        while home.count > 1 && home.hasSuffix("/") { home.removeLast() }
        return (home == "/" ? "" : home) + "/.aws/sso/cache"
    }

    /// botocore's name for the cache file of `key`: the SHA-1 of its UTF-8 bytes, in hex, `.json`.
    static func fileName(forKey key: String) -> String { SHA1.hex(key) + ".json" }

    /// What reading found.
    enum ReadResult: Sendable, Equatable {
        /// A token, and when the file was last written.
        case token(SSOToken, modified: Date?)
        /// No file.
        case missing
        /// A file that does not parse as a token, even after retries; the reason names no value.
        case corrupt(reason: String)
        /// A file that cannot be read (permissions, I/O); the reason is the system's.
        case unreadable(reason: String)
    }

    /// Reads the token, retrying a file that does not parse.
    func read() async -> ReadResult {
        var result = readOnce()
        var attempt = 1
        while case .corrupt = result, attempt < attempts {
            try? await Task.sleep(for: retryDelay)
            result = readOnce()
            attempt += 1
        }
        return result
    }

    /// Reads the token once.
    func readOnce() -> ReadResult {
        let descriptor = open(path, O_RDONLY | O_CLOEXEC)
        guard descriptor >= 0 else {
            let code = errno
            return code == ENOENT ? .missing : .unreadable(reason: String(cString: strerror(code)))
        }
        defer { close(descriptor) }
        let modified = Self.modificationDate(of: descriptor)
        var bytes: [UInt8] = []
        var buffer = [UInt8](repeating: 0, count: 16 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { SystemIO.read(descriptor, into: $0) }
            if count < 0 {
                if errno == EINTR { continue }
                return .unreadable(reason: String(cString: strerror(errno)))
            }
            if count == 0 { break }
            bytes.append(contentsOf: buffer[..<count])
            guard bytes.count <= 1 << 20 else { return .corrupt(reason: "larger than 1 MiB") }
        }
        switch SSOToken.parse(Data(bytes)) {
        case .success(let token): return .token(token, modified: modified)
        case .failure(let failure): return .corrupt(reason: failure.reason)
        }
    }

    private static func modificationDate(of descriptor: Int32) -> Date? {
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        #if canImport(Darwin)
            let time = info.st_mtimespec
        #else
            let time = info.st_mtim
        #endif
        return Date(timeIntervalSince1970: Double(time.tv_sec) + Double(time.tv_nsec) / 1e9)
    }

    /// Writes `token` atomically with mode 0600, creating the directory (0700) when missing.
    func write(_ token: SSOToken) throws(AtomicFile.WriteError) {
        let directory = PathString.parent(of: path)
        if !FileManager.default.fileExists(atPath: directory) { try AtomicFile.makePrivateDirectory(directory) }
        try AtomicFile.write(token.serialized, to: path, mode: 0o600)
    }
}
