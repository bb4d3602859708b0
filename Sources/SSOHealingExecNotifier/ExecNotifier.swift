import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `exec` notifier type: any program, given the event's JSON on stdin and `SSO_SELF_HEALING_*`
/// variables in its environment.
///
/// Exit 0 means delivered; 75 (`EX_TEMPFAIL`) or running past the drop-in's `timeout` (the
/// program's process group is then killed) means try again later; any other exit means failed.
///
/// ```toml
/// type = "exec"
/// command = ["/usr/local/bin/page-oncall", "--team", "platform"]
/// environment = { PAGER_TOKEN = "${PAGER_TOKEN}" }
/// timeout = "30s"
/// ```
public enum ExecNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "exec"

    /// The keys an `exec` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "command", .strings, required: true, arguments: .afterProgram,
                summary: "the program and its arguments; it reads the event's JSON on stdin"),
            ConfigKey(
                "environment", .stringTable, secret: true,
                summary: "variables added to the program's environment (values may be credentials)"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `exec` channels from drop-ins; the drop-in's `timeout` bounds each run.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let command = section.strings("command") else {
            throw section.error("missing required key \"command\" in \(section.path)")
        }
        var environment: [String: String] = [:]
        for pair in section.stringTable("environment") ?? [] { environment[pair.key] = pair.value }
        return make(
            command: command, environment: environment, timeout: context.configuration.routing.timeout,
            processEnvironment: context.environment)
    }

    /// A channel that runs `command` once per event.
    ///
    /// - Parameters:
    ///   - command: The program and its arguments; a program without `/` is looked up on the `PATH`
    ///     of the resulting environment.
    ///   - environment: Variables added to `processEnvironment`; treated as secrets, never shown in reasons.
    ///   - timeout: How long one run may take before its process group is killed and the delivery retried.
    ///   - processEnvironment: The environment the program inherits.
    public static func make(
        command: [String], environment: [String: String] = [:], timeout: Duration = .seconds(10),
        processEnvironment: [String: String] = ProcessInfo.processInfo.environment
    ) -> some Notifier {
        ExecChannel(
            command: command, environment: environment, timeout: timeout, processEnvironment: processEnvironment)
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let command = section.strings("command") {
            if command.isEmpty {
                problems.append(section.error("\"command\" must not be empty: name the program to run", key: "command"))
            } else if command[0].isEmpty {
                problems.append(section.error("the program in \"command\" must not be an empty string", key: "command"))
            }
        }
        return problems + section.environmentNameProblems("environment")
    }
}
