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

/// Writes files so that a reader sees the old content or the new, never a torn mix, and makes
/// the private directories they live in.
public enum AtomicFile {
    /// Why a write failed.
    public struct WriteError: Error, Sendable, CustomStringConvertible {
        /// The file (its path is not a secret).
        public var path: String
        /// What the system said.
        public var reason: String

        /// `cannot write PATH: REASON`.
        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` to `path`: a temporary file in the same directory, `mode`, fsync, rename,
    /// fsync of the directory.
    /// With `replacing: false` an existing file is never replaced, even one that appears while the
    /// data is written (the new file is linked into place, which fails when the name is taken).
    public static func write(
        _ data: Data, to path: String, mode: mode_t = 0o600, replacing: Bool = true
    ) throws(WriteError) {
        let directory = PathString.parent(of: path)
        let name = PathString.lastComponent(of: path)
        var template = Array(PathString.join(directory, ".\(name).XXXXXX").utf8CString)
        let descriptor = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard descriptor >= 0 else { throw WriteError(path: path, reason: String(cString: strerror(errno))) }
        let temporary = template.withUnsafeBufferPointer { String(cString: $0.baseAddress!) }
        var failure: String?
        if fchmod(descriptor, mode) != 0 { failure = String(cString: strerror(errno)) }
        if failure == nil {
            failure = SystemIO.writeAll(data, to: descriptor).map { String(cString: strerror($0)) }
        }
        if failure == nil, fsync(descriptor) != 0 { failure = String(cString: strerror(errno)) }
        close(descriptor)
        if failure == nil {
            if replacing {
                if rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
            } else if link(temporary, path) != 0 {
                failure = errno == EEXIST ? "it already exists" : String(cString: strerror(errno))
                unlink(temporary)
            } else {
                unlink(temporary)
            }
        }
        if let failure {
            unlink(temporary)
            throw WriteError(path: path, reason: failure)
        }
        let directoryDescriptor = open(directory, O_RDONLY)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            close(directoryDescriptor)
        }
    }

    /// Creates `path` and missing parents with mode 0700, or checks that an existing `path` is
    /// a private directory (``checkPrivateDirectory(_:)``): one that nobody else can steer is
    /// used (tightened to 0700 if others may read it), any other is refused, never chmodded.
    public static func makePrivateDirectory(_ path: String) throws(WriteError) {
        if try checkPrivateDirectory(path) { return }
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
            // The umask may have taken bits away: the new directory is exactly 0700.
            if let mode = FilePermissions.mode(of: path), mode != 0o700 { chmod(path, 0o700) }
        } catch {
            // Someone may have made it at the same moment: the check below decides.
        }
        guard try checkPrivateDirectory(path) else { throw WriteError(path: path, reason: "cannot create directory") }
    }

    /// Whether `path` exists as a directory nobody else can steer, as ssh treats `~/.ssh`:
    /// owned by this user, writable by neither group nor others. `false` when it does not
    /// exist; an error (nothing is changed) when it is not such a directory. One others may
    /// only read is tightened to 0700.
    public static func checkPrivateDirectory(_ path: String) throws(WriteError) -> Bool {
        var info = stat()
        guard stat(path, &info) == 0 else {
            if errno == ENOENT { return false }
            throw WriteError(path: path, reason: String(cString: strerror(errno)))
        }
        guard info.st_mode & S_IFMT == S_IFDIR else { throw WriteError(path: path, reason: "not a directory") }
        let user = geteuid()
        guard info.st_uid == user else {
            throw WriteError(
                path: path,
                reason:
                    "refused: the directory belongs to user \(info.st_uid), not to the user running \(ProductInfo.name) (\(user))"
            )
        }
        let mode = Int(info.st_mode) & 0o7777
        guard mode & 0o022 == 0 else {
            throw WriteError(
                path: path,
                reason:
                    "refused: group or others can write to the directory (mode \(String(mode, radix: 8))); make it private with chmod 700"
            )
        }
        if mode & 0o077 != 0 { chmod(path, 0o700) }
        return true
    }
}
