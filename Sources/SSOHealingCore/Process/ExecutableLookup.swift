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

/// Finds the file a program name stands for, as `execvp` would, but with a clear error.
enum ExecutableLookup {
    /// Used when the environment has no `PATH`.
    static let defaultSearchPath = "/usr/local/bin:/usr/bin:/bin"

    /// The absolute path to execute for `program`.
    ///
    /// A name with a `/` is taken as a path (relative to `workingDirectory` when one is given, as
    /// the program starts there); any other name is looked up in `searchPath`. Relative entries in
    /// `searchPath` are skipped: a daemon should not run whatever its current directory holds.
    static func resolve(
        _ program: String, searchPath: String?, workingDirectory: String?
    ) throws(ProcessRunnerError) -> String {
        guard !program.isEmpty else { throw .executableNotFound("") }
        if program.contains("/") {
            let path = absolute(program, base: workingDirectory)
            switch check(path) {
            case .executable: return path
            case .missing: throw .executableNotFound(program)
            case .notExecutable: throw .notExecutable(path)
            }
        }
        var firstNotExecutable: String?
        for directory in (searchPath ?? defaultSearchPath).split(separator: ":") where directory.hasPrefix("/") {
            let path = directory.hasSuffix("/") ? "\(directory)\(program)" : "\(directory)/\(program)"
            switch check(path) {
            case .executable: return path
            case .missing: continue
            case .notExecutable: if firstNotExecutable == nil { firstNotExecutable = path }
            }
        }
        if let path = firstNotExecutable { throw .notExecutable(path) }
        throw .executableNotFound(program)
    }

    /// `path` made absolute against `base` (itself made absolute against the current directory).
    static func absolute(_ path: String, base: String?) -> String {
        if path.hasPrefix("/") { return path }
        let directory = base.map { absolute($0, base: nil) } ?? FileManager.default.currentDirectoryPath
        return directory.hasSuffix("/") ? directory + path : directory + "/" + path
    }

    /// Whether `path` names an existing directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    private enum Status {
        case executable, missing, notExecutable
    }

    private static func check(_ path: String) -> Status {
        var info = stat()
        guard stat(path, &info) == 0 else { return .missing }
        guard (info.st_mode & S_IFMT) == S_IFREG, access(path, X_OK) == 0 else { return .notExecutable }
        return .executable
    }
}

extension ProcessRunner {
    /// The absolute path `run` would execute for `program`, looked up in the `PATH` of
    /// `environment` as `run` does; throws ``ProcessRunnerError`` when there is none.
    ///
    /// Notifiers use it to warn, when the configuration is loaded, about a program that is not installed.
    public static func executablePath(
        for program: String, environment: [String: String], workingDirectory: String? = nil
    ) throws(ProcessRunnerError) -> String {
        try ExecutableLookup.resolve(program, searchPath: environment["PATH"], workingDirectory: workingDirectory)
    }
}
