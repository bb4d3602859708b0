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

/// The state on disk, in the state directory (0700, owned by the user and writable by nobody
/// else, or refused): `state.json` and its backup
/// `state.json.bak`, both JSON of the same ``EngineState`` after every write, each written
/// atomically (0600: a temporary file, fsync, rename, fsync of the directory), the backup
/// first; under an exclusive `flock` on `state.lock`. No file is opened through a symbolic
/// link: a planted one is an error. A damaged copy is moved aside to
/// `state.json.corrupt-<time>` (or `state.json.bak.corrupt-<time>`).
public struct FileStateStorage: StateStorage {
    /// The state directory.
    public let directory: String

    /// The current copy's file name.
    public static let fileName = "state.json"
    /// The backup's file name.
    public static let backupFileName = "state.json.bak"
    /// The lock file's name.
    public static let lockFileName = "state.lock"

    /// The storage in `directory` (created when first written).
    public init(directory: String) {
        self.directory = directory
    }

    /// The lock file's path.
    public var lockPath: String { PathString.join(directory, Self.lockFileName) }

    /// The path of `slot`'s file.
    public func location(of slot: StateSlot) -> String {
        PathString.join(directory, slot == .current ? Self.fileName : Self.backupFileName)
    }

    /// Makes the directory if needed and holds the `flock` on `state.lock` while `body` runs.
    public func withLock<T>(_ body: () throws -> T) throws -> T {
        try AtomicFile.makePrivateDirectory(directory)
        let lock = try FileLock(path: lockPath)
        defer { lock.unlock() }
        return try body()
    }

    /// `lstat` of both files, once the directory is known to be private (see
    /// ``AtomicFile/checkPrivateDirectory(_:)``): an unsafe one is refused before anything in
    /// it is read.
    public func identities() throws(StateStore.Failure) -> StateIdentities {
        do {
            _ = try AtomicFile.checkPrivateDirectory(directory)
        } catch {
            throw StateStore.Failure(.inaccessible, "cannot use the state directory \(directory): \(error.reason)")
        }
        return StateIdentities(current: try identity(of: .current), backup: try identity(of: .backup))
    }

    private func identity(of slot: StateSlot) throws(StateStore.Failure) -> StateIdentity? {
        let path = location(of: slot)
        var info = stat()
        guard lstat(path, &info) == 0 else {
            if errno == ENOENT { return nil }
            throw StateStore.Failure(.inaccessible, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        return StateIdentity(info)
    }

    /// Reads one file (never following a symbolic link), checks its top-level `version` with a
    /// lenient parse, then decodes it.
    public func load(_ slot: StateSlot) throws(StateStore.Failure) -> StateLoad {
        let path = location(of: slot)
        let (data, identity) = try Self.contents(of: path)
        guard let data, let identity else { return .missing }
        if data.isEmpty { return .damaged(reason: "empty file") }
        // The usual case first: a state this version reads (one parse). Only a file it cannot
        // decode is looked at leniently, to tell a newer format from damage.
        let decoded: Result<EngineState, any Error>
        do {
            decoded = .success(try AlertEvent.decoder().decode(EngineState.self, from: data))
        } catch {
            decoded = .failure(error)
        }
        if case .success(let state) = decoded, state.version <= EngineState.currentVersion {
            return .state(state, identity)
        }
        guard let json = JSONValue.parse(String(decoding: data, as: UTF8.self)) else {
            return .damaged(reason: "not JSON")
        }
        guard case .object = json else { return .damaged(reason: "not a JSON object") }
        guard let version = json["version"]?.intValue else { return .damaged(reason: "no format version") }
        if version > EngineState.currentVersion { return .newer(version: Int(clamping: version)) }
        switch decoded {
        case .success(let state): return .state(state, identity)
        case .failure(let error): return .damaged(reason: "not a valid state: \(Self.summary(of: error))")
        }
    }

    /// Encodes `state` once and writes it to `state.json.bak`, then to `state.json`.
    public func save(_ state: EngineState) throws(StateStore.Failure) -> StateIdentities {
        let data: Data
        do {
            data = try AlertEvent.encoder().encode(state)
        } catch {
            throw StateStore.Failure(.inaccessible, "cannot encode the state: \(error)")
        }
        for slot in [StateSlot.backup, .current] {
            do {
                try AtomicFile.write(data, to: location(of: slot))
            } catch {
                throw StateStore.Failure(.inaccessible, error.description)
            }
        }
        // Under the lock nobody replaces the files just written: open them to pin their identities.
        return StateIdentities(
            current: try Self.pinned(location(of: .current)), backup: try Self.pinned(location(of: .backup)))
    }

    /// Renames the file to `<name>.corrupt-<time>` (with `-2`, `-3`… when that exists).
    public func setAside(_ slot: StateSlot) throws(StateStore.Failure) -> String {
        let path = location(of: slot)
        let stem = path + ".corrupt-" + Timestamp.string(Date()).replacing(":", with: "")
        var aside = stem
        var info = stat()
        var number = 1
        while lstat(aside, &info) == 0 {
            number += 1
            aside = stem + "-\(number)"
        }
        guard rename(path, aside) == 0 else {
            throw StateStore.Failure(
                .inaccessible, "cannot move \(path) aside to \(aside): \(String(cString: strerror(errno)))")
        }
        let directoryDescriptor = open(directory, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if directoryDescriptor >= 0 {
            fsync(directoryDescriptor)
            SystemIO.close(directoryDescriptor)
        }
        return aside
    }

    /// The file's bytes and pinned identity, `(nil, nil)` when it does not exist.
    private static func contents(of path: String) throws(StateStore.Failure) -> (Data?, StateIdentity?) {
        guard let descriptor = try openForReading(path) else { return (nil, nil) }
        let pin = OpenDescriptor(descriptor)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else {
            throw StateStore.Failure(.inaccessible, "cannot read \(path): \(String(cString: strerror(errno)))")
        }
        guard info.st_mode & S_IFMT == S_IFREG else {
            throw StateStore.Failure(.inaccessible, "cannot read \(path): not a regular file")
        }
        var data = Data()
        var buffer = [UInt8](repeating: 0, count: 64 * 1024)
        while true {
            let count = buffer.withUnsafeMutableBytes { SystemIO.read(descriptor, into: $0) }
            if count < 0 {
                if errno == EINTR || errno == EAGAIN { continue }
                throw StateStore.Failure(.inaccessible, "cannot read \(path): \(String(cString: strerror(errno)))")
            }
            if count == 0 { break }
            data.append(contentsOf: buffer[0..<count])
        }
        return (data, StateIdentity(info, pin: pin))
    }

    /// The identity of the file at `path`, kept open.
    private static func pinned(_ path: String) throws(StateStore.Failure) -> StateIdentity? {
        guard let descriptor = try openForReading(path) else { return nil }
        let pin = OpenDescriptor(descriptor)
        var info = stat()
        guard fstat(descriptor, &info) == 0 else { return nil }
        return StateIdentity(info, pin: pin)
    }

    /// Opens `path` for reading without following a symbolic link (nor blocking on a FIFO);
    /// `nil` when it does not exist.
    private static func openForReading(_ path: String) throws(StateStore.Failure) -> Int32? {
        let descriptor = open(path, O_RDONLY | O_NOFOLLOW | O_NONBLOCK | O_CLOEXEC)
        guard descriptor >= 0 else {
            if errno == ENOENT { return nil }
            let reason = errno == ELOOP ? "it is a symbolic link" : String(cString: strerror(errno))
            throw StateStore.Failure(.inaccessible, "cannot read \(path): \(reason)")
        }
        return descriptor
    }

    /// A decoding error in one line: where, and what.
    private static func summary(of error: any Error) -> String {
        guard let error = error as? DecodingError else { return "\(error)" }
        switch error {
        case .typeMismatch(_, let context), .valueNotFound(_, let context), .keyNotFound(_, let context),
            .dataCorrupted(let context):
            let path = context.codingPath.map(\.stringValue).joined(separator: ".")
            return path.isEmpty ? context.debugDescription : "\(path): \(context.debugDescription)"
        @unknown default:
            return "\(error)"
        }
    }
}
