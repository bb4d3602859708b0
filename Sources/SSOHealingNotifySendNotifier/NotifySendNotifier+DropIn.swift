import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension NotifySendNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "notify-send"

    /// The default application name shown with each notification.
    public static let defaultAppName = ProductInfo.name

    /// The program used unless `command` names another: `osascript` on macOS, `notify-send` elsewhere.
    public static var defaultProgram: String {
        #if os(macOS)
            "osascript"
        #else
            "notify-send"
        #endif
    }

    /// The longest body shown; the rest of a long summary is cut (a notification is not a report).
    public static let maxBodyLength = 1000

    /// The keys a `notify-send` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "app_name", .string, default: .string(defaultAppName),
                summary: "the application name shown with each notification"),
            ConfigKey(
                "expire", .duration,
                summary: "how long a notification stays on screen (default: the notification server's choice)"),
            ConfigKey(
                "command", .string,
                summary: "the program to run instead of notify-send (osascript on macOS), e.g. a full path"),
            ConfigKey(
                "environment", .stringTable,
                summary: "variables added to the program's environment, e.g. { DBUS_SESSION_BUS_ADDRESS = \"…\" }"),
            .passEnvironment,
        ],
        validate: { section in problems(in: section) + warnings(in: section) })

    /// Builds `notify-send` channels from drop-ins; the drop-in's `timeout` bounds each run.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        var environment: [String: String] = [:]
        for pair in section.stringTable("environment") ?? [] { environment[pair.key] = pair.value }
        return NotifySendNotifier(
            appName: section.string("app_name") ?? defaultAppName, expire: section.duration("expire"),
            command: section.string("command"), environment: environment,
            timeout: context.configuration.routing.timeout, passEnvironment: section.passedEnvironment,
            processEnvironment: context.environment)
    }

    /// The `notify-send` urgency for `severity`: `low`, `normal` or `critical`.
    public static func urgency(for severity: Severity) -> String {
        switch severity {
        case .info: "low"
        case .warning: "normal"
        case .critical: "critical"
        }
    }

    /// The notification's title: the probe and what happened to it, e.g. `prod: expired`.
    public static func title(for event: AlertEvent) -> String {
        var title = "\(event.probe): "
        if let phase = event.login {
            title += phase.phrase
        } else if event.resolved {
            title += "resolved"
        } else if event.reminder > 0 {
            title += "still \(event.state.rawValue) (reminder \(event.reminder))"
        } else {
            title += event.state.rawValue
        }
        return event.test ? "[test] " + title : title
    }

    /// The notification's text: the summary (cut to ``maxBodyLength``), the remedy and the login
    /// link, if any.
    public static func body(for event: AlertEvent) -> String {
        var summary = event.summary
        if summary.count > maxBodyLength { summary = String(summary.prefix(maxBodyLength - 1)) + "…" }
        if let remedy = event.remedy, !remedy.isEmpty { summary += "\nRun: " + remedy }
        if !event.resolved, let link = event.loginLink {
            summary += "\nApprove the login: \(link.url) (code \(link.userCode))"
        }
        return summary
    }

    /// The arguments after `notify-send` for `event`.
    ///
    /// The body is escaped for the notification servers that read it as markup (`&`, `<`, `>`),
    /// and `--` keeps a title starting with `-` from being read as an option.
    public static func notifySendArguments(for event: AlertEvent, appName: String, expire: Duration?) -> [String] {
        var arguments = ["-a", appName, "-u", urgency(for: event.severity)]
        if let expire {
            let (seconds, attoseconds) = expire.components
            let milliseconds = max(1, seconds * 1000 + attoseconds / 1_000_000_000_000_000)
            arguments += ["-t", String(milliseconds)]
        }
        return arguments + ["--", title(for: event), markupEscaped(body(for: event))]
    }

    /// The AppleScript that shows `event` on macOS:
    /// `display notification "BODY" with title "TITLE" subtitle "APP"`.
    public static func appleScript(for event: AlertEvent, appName: String) -> String {
        "display notification \(appleScriptString(body(for: event))) with title \(appleScriptString(title(for: event)))"
            + " subtitle \(appleScriptString(appName))"
    }

    /// `text` as an AppleScript string literal, quotes included: backslash and double quote
    /// escaped, tab, return and line feed as `\t`, `\r`, `\n`, other control characters as spaces.
    public static func appleScriptString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\\": output += "\\\\"
            case "\"": output += "\\\""
            case "\n": output += "\\n"
            case "\r": output += "\\r"
            case "\t": output += "\\t"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F: output += " "
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }

    /// `text` with `&`, `<` and `>` as entities, for servers that render the body as markup.
    public static func markupEscaped(_ text: String) -> String {
        var output = ""
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
        return output
    }

    /// Where a missing program comes from, for reasons and warnings.
    static var installHint: String {
        #if os(macOS)
            "osascript ships with macOS; check \"command\""
        #else
            "install libnotify-bin (Debian, Ubuntu) or libnotify (Fedora, Arch), or fix \"command\""
        #endif
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if section.string("command")?.isEmpty == true {
            problems.append(
                section.error("\"command\" must not be empty: leave it out to use \(defaultProgram)", key: "command"))
        }
        if section.string("app_name")?.isEmpty == true {
            problems.append(section.error("\"app_name\" must not be empty", key: "app_name"))
        }
        if let expire = section.duration("expire"), expire <= .zero {
            problems.append(section.error("\"expire\" must be longer than zero", key: "expire"))
        }
        return problems + section.environmentNameProblems("environment") + section.passEnvironmentProblems()
    }

    /// Warnings for a missing program, and (on Linux) for a process that cannot find a session bus.
    private static func warnings(in section: ConfigSection) -> [ConfigDiagnostic] {
        var environment = ProcessInfo.processInfo.environment
        for pair in section.stringTable("environment") ?? [] { environment[pair.key] = pair.value }
        var warnings: [ConfigDiagnostic] = []
        let program = section.string("command") ?? defaultProgram
        if !program.isEmpty,
            let warning = section.missingProgramWarning(
                program, key: section.isGiven("command") ? "command" : "type",
                hint: "\(installHint); notifications fail until it is", environment: environment)
        {
            warnings.append(warning)
        }
        #if !os(macOS)
            if environment["DBUS_SESSION_BUS_ADDRESS"] == nil && environment["XDG_RUNTIME_DIR"] == nil {
                warnings.append(
                    section.warning(
                        "neither DBUS_SESSION_BUS_ADDRESS nor XDG_RUNTIME_DIR is set, so notify-send cannot reach a desktop session; set environment = { DBUS_SESSION_BUS_ADDRESS = \"unix:path=/run/user/UID/bus\" }",
                        key: "environment"))
            }
        #endif
        return warnings
    }
}
