#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ConfigKey {
    /// `pass_environment = ["NAME", …]`: variables of the daemon's environment a program also
    /// inherits, besides the few every program gets (see ``ProgramEnvironment``).
    public static let passEnvironment = ConfigKey(
        "pass_environment", .strings,
        summary:
            "variables of the daemon's environment the program also gets (it gets PATH, HOME, LANG, LC_*, TZ, USER, LOGNAME and SSO_SELF_HEALING_* only)"
    )
}

extension ConfigSection {
    /// The names in `pass_environment` (none when the key is absent).
    public var passedEnvironment: [String] { strings(ConfigKey.passEnvironment.name) ?? [] }

    /// Errors for the names in `pass_environment` that cannot be environment variables.
    public func passEnvironmentProblems() -> [ConfigDiagnostic] {
        passedEnvironment.filter { $0.isEmpty || $0.contains("=") || $0.contains("\0") }.map {
            error("\"\($0)\" in \"pass_environment\" is not a valid environment variable name", key: "pass_environment")
        }
    }

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
