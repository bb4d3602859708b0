#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Why a program could not be started.
///
/// Descriptions name the program, never its arguments: arguments may carry secrets.
public struct ProcessRunnerError: Error, Hashable, CustomStringConvertible {
    private enum Code: Hashable {
        case executableNotFound(String)
        case notExecutable(String)
        case invalidWorkingDirectory(String)
        case spawnFailed(String, Int32)
    }

    private let code: Code

    private init(_ code: Code) { self.code = code }

    /// No program of that name is on `PATH`, or nothing is at that path (an empty name: no program given).
    public static func executableNotFound(_ name: String) -> ProcessRunnerError {
        ProcessRunnerError(.executableNotFound(name))
    }

    /// Something is at the path, but it is not an executable file.
    public static func notExecutable(_ path: String) -> ProcessRunnerError {
        ProcessRunnerError(.notExecutable(path))
    }

    /// The working directory does not exist or is not a directory.
    public static func invalidWorkingDirectory(_ path: String) -> ProcessRunnerError {
        ProcessRunnerError(.invalidWorkingDirectory(path))
    }

    /// The system refused to start the program at `path`, with `errno`.
    public static func spawnFailed(_ path: String, errno: Int32) -> ProcessRunnerError {
        ProcessRunnerError(.spawnFailed(path, errno))
    }

    /// Whether the program is not there at all (as opposed to there but not executable).
    public var isNotFound: Bool {
        if case .executableNotFound = code { return true }
        return false
    }

    /// Whether trying again later may succeed: the system was short of processes, memory or
    /// descriptors, or the program file was still open for writing.
    public var isTransient: Bool {
        guard case .spawnFailed(_, let number) = code else { return false }
        return [EAGAIN, ENOMEM, EMFILE, ENFILE, ETXTBSY].contains(number)
    }

    /// A short phrase naming the program and what went wrong.
    public var description: String {
        switch code {
        case .executableNotFound(let name) where name.isEmpty:
            "no program given"
        case .executableNotFound(let name) where name.contains("/"):
            "program \(name) not found"
        case .executableNotFound(let name):
            "program \"\(name)\" not found on PATH"
        case .notExecutable(let path):
            "program \(path) is not an executable file"
        case .invalidWorkingDirectory(let path):
            "working directory \(path) is not a directory"
        case .spawnFailed(let path, let number):
            "cannot start \(path): \(String(cString: strerror(number)))"
        }
    }
}
