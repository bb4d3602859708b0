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

        public var description: String { "cannot write \(path): \(reason)" }
    }

    /// Writes `data` to `path`: a temporary file in the same directory, `mode`, fsync, rename,
    /// fsync of the directory.
    public static func write(_ data: Data, to path: String, mode: mode_t = 0o600) throws(WriteError) {
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
        if failure == nil, rename(temporary, path) != 0 { failure = String(cString: strerror(errno)) }
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

    /// Creates `path` and missing parents with mode 0700; tightens an existing directory to 0700.
    public static func makePrivateDirectory(_ path: String) throws(WriteError) {
        do {
            try FileManager.default.createDirectory(
                atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
        } catch {
            throw WriteError(path: path, reason: "cannot create directory")
        }
        if let mode = FilePermissions.mode(of: path), mode & 0o077 != 0 {
            chmod(path, 0o700)
        }
    }
}
