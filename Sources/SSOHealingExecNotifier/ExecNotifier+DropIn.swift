import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension ExecNotifier {
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
            .passEnvironment,
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
        return ExecNotifier(
            command: command, environment: environment, timeout: context.configuration.routing.timeout,
            passEnvironment: section.passedEnvironment, processEnvironment: context.environment)
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
        return problems + section.environmentNameProblems("environment") + section.passEnvironmentProblems()
    }
}
