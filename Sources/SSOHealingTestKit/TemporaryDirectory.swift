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

/// A directory under the system's temporary folder, private to one test, removed on request.
public struct TemporaryDirectory: Sendable {
    /// The directory's absolute path.
    public let path: String

    /// Creates a fresh directory (mode 0700) whose name starts with `prefix`.
    public init(prefix: String = "sso-self-healing-test") throws {
        let template = PathString.join(TemporaryFolder.path, "\(prefix).XXXXXX")
        var bytes = Array(template.utf8CString)
        guard let created = bytes.withUnsafeMutableBufferPointer({ mkdtemp($0.baseAddress!) }) else {
            throw CocoaError(.fileWriteUnknown)
        }
        path = String(cString: created)
    }

    /// The absolute path of `name` inside the directory.
    public func file(_ name: String) -> String {
        PathString.join(path, name)
    }

    /// Writes `contents` to `name` (creating intermediate folders) and returns its path.
    @discardableResult
    public func write(_ name: String, _ contents: String, mode: Int = 0o600) throws -> String {
        let target = file(name)
        try FileManager.default.createDirectory(
            atPath: PathString.parent(of: target), withIntermediateDirectories: true)
        try Data(contents.utf8).write(to: URL(fileURLWithPath: target))
        chmod(target, mode_t(mode))
        return target
    }

    /// Removes the directory and everything in it.
    public func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }
}
