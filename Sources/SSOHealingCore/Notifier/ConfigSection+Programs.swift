#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ConfigSection {
    /// Errors for the entries of the string table `key` whose names cannot be environment
    /// variables (empty, or holding `=` or NUL).
    public func environmentNameProblems(_ key: String) -> [ConfigDiagnostic] {
        (stringTable(key) ?? []).filter { $0.key.isEmpty || $0.key.contains("=") || $0.key.contains("\0") }.map {
            error("\"\($0.key)\" is not a valid environment variable name", key: key)
        }
    }

    /// A warning about `key` when `program` cannot be found on the `PATH` the program would run
    /// with: `environment`'s (the drop-in's own variables over the process's); `nil` when it is there.
    ///
    /// A warning rather than an error: the program may be installed later, or the daemon may run
    /// with another `PATH`; each delivery looks it up again and fails with the same message.
    public func missingProgramWarning(
        _ program: String, key: String, hint: String,
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> ConfigDiagnostic? {
        do {
            _ = try ProcessRunner.executablePath(for: program, environment: environment)
            return nil
        } catch {
            return warning("\(error.description) (\(hint))", key: key)
        }
    }
}
