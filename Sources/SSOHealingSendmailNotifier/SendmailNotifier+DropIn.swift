import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension SendmailNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "sendmail"

    /// The default subject template.
    public static let defaultSubject = "[{{severity}}] {{probe}} {{state}} on {{host}}"

    /// The programs tried, in order, when `command` is not given: the first found on `PATH`
    /// (and, for sendmail, in `/usr/sbin` and `/usr/lib`, where mail servers install it).
    public static let defaultCommands = [["msmtp", "-t"], ["sendmail", "-t", "-i"]]

    /// The keys a `sendmail` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey("to", .strings, required: true, summary: "the recipients, e.g. [\"ops@example.com\"]"),
            ConfigKey(
                "from", .string,
                summary: "the sender, e.g. \"sso-self-healing <alerts@example.com>\" (default: the mailer's)"),
            ConfigKey(
                "subject", .string, default: .string(defaultSubject),
                summary: "the subject template, e.g. \"[{{severity}}] {{probe}} {{state}} on {{host}}\""),
            ConfigKey(
                "command", .strings, arguments: .afterProgram,
                summary:
                    "the mailer and its arguments; it reads the message on stdin (default: msmtp -t or sendmail -t -i)"),
            ConfigKey(
                "environment", .stringTable, secret: true,
                summary: "variables added to the mailer's environment (values may be credentials)"),
            .passEnvironment,
        ],
        validate: { section in problems(in: section) + warnings(in: section) })

    /// Builds `sendmail` channels from drop-ins; the drop-in's `timeout` bounds each run.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        let to = (section.strings("to") ?? []).compactMap { try? MailAddress($0) }
        let from = section.string("from").flatMap { try? MailAddress($0) }
        let subject = try EventTemplate(section.string("subject") ?? defaultSubject)
        var environment: [String: String] = [:]
        for pair in section.stringTable("environment") ?? [] { environment[pair.key] = pair.value }
        return SendmailNotifier(
            to: to, from: from, subject: subject, command: section.strings("command"), environment: environment,
            channel: context.name, timeout: context.configuration.routing.timeout,
            passEnvironment: section.passedEnvironment, processEnvironment: context.environment)
    }

    /// The message a channel named `channel` writes for `event`, as the mailer reads it.
    public static func message(
        for event: AlertEvent, from: MailAddress?, to: [MailAddress], subject: EventTemplate? = nil,
        channel: String, date: Date
    ) -> String {
        MailMessage.text(
            for: event, from: from, to: to, subject: (subject ?? defaultSubjectTemplate).render(event),
            channel: channel, date: date)
    }

    /// The command `defaultCommands` picks in `environment`, or `nil` when no mailer is installed.
    public static func defaultCommand(environment: [String: String]) -> [String]? {
        var searched = environment
        let path = environment["PATH"] ?? "/usr/local/bin:/usr/bin:/bin"
        for command in defaultCommands {
            searched["PATH"] = command[0] == "sendmail" ? path + ":/usr/sbin:/usr/lib" : path
            if let found = try? ProcessRunner.executablePath(for: command[0], environment: searched) {
                return [found] + command.dropFirst()
            }
        }
        return nil
    }

    static let defaultSubjectTemplate = try! EventTemplate(defaultSubject)

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let to = section.strings("to") {
            if to.isEmpty {
                problems.append(section.error("\"to\" must name at least one recipient", key: "to"))
            }
            for address in to {
                do {
                    _ = try MailAddress(address)
                } catch {
                    problems.append(section.error("in \"to\": \(error.message)", key: "to"))
                }
            }
        }
        if let from = section.string("from") {
            do {
                _ = try MailAddress(from)
            } catch {
                problems.append(section.error("in \"from\": \(error.message)", key: "from"))
            }
        }
        do {
            _ = try EventTemplate(section.string("subject") ?? defaultSubject)
        } catch {
            problems.append(section.error("invalid \"subject\" template: \(error.message)", key: "subject"))
        }
        if let command = section.strings("command") {
            if command.isEmpty {
                problems.append(
                    section.error(
                        "\"command\" must not be empty: leave it out to use msmtp or sendmail", key: "command"))
            } else if command[0].isEmpty {
                problems.append(section.error("the program in \"command\" must not be an empty string", key: "command"))
            }
        }
        return problems + section.environmentNameProblems("environment") + section.passEnvironmentProblems()
    }

    /// A warning when the mailer is not installed: the rest of the configuration still works.
    private static func warnings(in section: ConfigSection) -> [ConfigDiagnostic] {
        var environment = ProcessInfo.processInfo.environment
        for pair in section.stringTable("environment") ?? [] { environment[pair.key] = pair.value }
        if let program = section.strings("command")?.first, !program.isEmpty {
            return section.missingProgramWarning(
                program, key: "command", hint: "mail cannot be sent until it is installed", environment: environment
            ).map { [$0] } ?? []
        }
        guard section.strings("command") == nil, defaultCommand(environment: environment) == nil else { return [] }
        return [section.warning(Self.noMailerMessage, key: "command")]
    }

    /// The warning and the failure reason when no mailer is installed.
    static let noMailerMessage =
        "neither msmtp nor sendmail is installed: install one (e.g. apt install msmtp) or set \"command\""
}
