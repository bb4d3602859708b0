import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `command` probe kind: any Nagios-style plugin, judged by its exit status and first line of output.
///
/// Exit 0 is ok, 1 degraded, 2 expired, and 3, any other status, a signal or a timeout unknown.
/// The summary is the plugin's first line of output without its performance data.
///
/// ```toml
/// [probe.vpn]
/// type = "command"
/// command = ["/usr/lib/nagios/plugins/check_ping", "-H", "10.0.0.1", "-w", "100,20%", "-c", "500,60%"]
/// timeout = "20s"
/// ```
///
/// The plugin inherits only `PATH`, `HOME`, `LANG`, `LC_*`, `TZ`, `USER`, `LOGNAME` and
/// `SSO_SELF_HEALING_*` from the daemon (see `ProgramEnvironment`), the names in
/// `pass_environment`, and the table's own `environment`: never a channel's secrets.
public enum CommandProbe {
    /// The `type` name probe tables use.
    public static let kind = "command"

    /// How long a plugin may run when the table sets no `timeout`.
    public static let defaultTimeout: Duration = .seconds(20)

    /// The keys a `command` probe table accepts.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "command", .strings, required: true, arguments: .afterProgram, summary: "the plugin and its arguments"),
            ConfigKey(
                "timeout", .duration, default: .duration(defaultTimeout),
                summary: "how long the plugin may run before its process group is killed"),
            ConfigKey("remedy", .string, summary: "what a person should do, shown in alerts"),
            ConfigKey("working_directory", .string, summary: "the directory the plugin runs in"),
            ConfigKey(
                "environment", .stringTable, secret: true,
                summary: "variables added to the plugin's environment (values may be credentials)"),
            .passEnvironment,
        ],
        validate: { section in problems(in: section) })

    /// Builds `command` probes from `[probe.NAME]` tables.
    public static let factory = ProbeFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let command = section.strings("command") else {
            throw section.error("missing required key \"command\" in [\(section.path)]")
        }
        var environment = ProgramEnvironment.inherited(from: context.environment, passing: section.passedEnvironment)
        for pair in section.stringTable("environment") ?? [] { environment[pair.key] = pair.value }
        return make(
            command: command, timeout: section.duration("timeout") ?? defaultTimeout,
            remedy: section.string("remedy"), workingDirectory: section.string("working_directory"),
            environment: environment)
    }

    /// A probe that runs `command` (the plugin, then its arguments) with `environment`, its whole environment.
    public static func make(
        command: [String], timeout: Duration = defaultTimeout, remedy: String? = nil,
        workingDirectory: String? = nil, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> some Probe {
        PluginProbe(
            command: command, timeout: timeout, remedy: remedy, workingDirectory: workingDirectory,
            environment: environment)
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let command = section.strings("command") {
            if command.isEmpty {
                problems.append(section.error("\"command\" must not be empty: name the plugin to run", key: "command"))
            } else if command[0].isEmpty {
                problems.append(section.error("the plugin in \"command\" must not be an empty string", key: "command"))
            }
        }
        if let timeout = section.duration("timeout"), timeout <= .zero {
            problems.append(section.error("\"timeout\" must be longer than 0", key: "timeout"))
        }
        return problems + section.environmentNameProblems("environment") + section.passEnvironmentProblems()
    }
}
