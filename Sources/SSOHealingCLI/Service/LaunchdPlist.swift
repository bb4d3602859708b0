import SSOHealingCore

/// A launchd agent property list for a ``ServicePlan``: `run` kept alive, or `check` every
/// `StartInterval` seconds; output to `~/Library/Logs/<label>.log`. launchd has no
/// `EnvironmentFile`: the program itself reads the environment file (`--environment-file` in
/// `ProgramArguments`), with no shell in between, so its values mean what they mean under systemd.
enum LaunchdPlist {
    /// `~/Library/LaunchAgents`.
    static func directory(environment: [String: String]) -> String {
        PathString.join(Paths.home(environment: environment), "Library/LaunchAgents")
    }

    /// The file for `plan` in `directory`.
    static func file(for plan: ServicePlan, in directory: String) -> ServiceFile {
        ServiceFile(path: PathString.join(directory, "\(plan.label).plist"), contents: plist(plan))
    }

    /// Where the job's standard output and error go.
    static func logPath(for plan: ServicePlan) -> String {
        PathString.join(plan.home, "Library/Logs/\(plan.label).log")
    }

    /// The property list's text.
    static func plist(_ plan: ServicePlan) -> String {
        var body: [String] = []
        body.append(key("Label") + "\n    " + string(plan.label))
        body.append(key("ProgramArguments"))
        body.append("    <array>")
        for argument in plan.arguments {
            body.append("        " + string(argument))
        }
        body.append("    </array>")
        if !plan.environment.isEmpty {
            body.append(key("EnvironmentVariables"))
            body.append("    <dict>")
            for variable in plan.environment {
                body.append("        <key>\(escaped(variable.name))</key>")
                body.append("        " + string(variable.value))
            }
            body.append("    </dict>")
        }
        body.append(key("RunAtLoad") + "\n    " + "<true/>")
        switch plan.mode {
        case .daemon:
            body.append(key("KeepAlive") + "\n    " + "<true/>")
            body.append(key("ThrottleInterval") + "\n    " + "<integer>30</integer>")
        case .timer:
            body.append(key("StartInterval") + "\n    " + "<integer>\(plan.interval.components.seconds)</integer>")
        }
        body.append(key("ProcessType") + "\n    " + "<string>Background</string>")
        body.append(key("StandardOutPath") + "\n    " + string(logPath(for: plan)))
        body.append(key("StandardErrorPath") + "\n    " + string(logPath(for: plan)))
        var comment =
            "\(ServicePlan.marker) (mode \(plan.mode.rawValue)). Remove with: \(plan.executable) uninstall (launchd, label \(plan.label))"
        comment += plan.configuredVariables.isEmpty ? "." : ". The configuration names: "
        comment += plan.configuredVariables.joined(separator: ", ")
        comment += plan.configuredVariables.isEmpty ? "" : " (set them in \(plan.environmentFile), chmod 600)."
        return """
            <?xml version="1.0" encoding="UTF-8"?>
            <!DOCTYPE plist PUBLIC "-//Apple//DTD PLIST 1.0//EN" "http://www.apple.com/DTDs/PropertyList-1.0.dtd">
            <!-- \(commentSafe(comment)) -->
            <plist version="1.0">
            <dict>
            \(body.joined(separator: "\n"))
            </dict>
            </plist>

            """
    }

    private static func key(_ name: String) -> String { "    <key>\(name)</key>" }

    private static func string(_ value: String) -> String { "<string>\(escaped(value))</string>" }

    /// `text` with the XML special characters escaped.
    static func escaped(_ text: String) -> String {
        var result = ""
        for character in text {
            switch character {
            case "&": result += "&amp;"
            case "<": result += "&lt;"
            case ">": result += "&gt;"
            case "\"": result += "&quot;"
            default: result.append(character)
            }
        }
        return result
    }

    /// `text` made safe inside an XML comment, which may not contain `--`.
    private static func commentSafe(_ text: String) -> String {
        var result = text
        while result.contains("--") { result = result.replacing("--", with: "- -") }
        return result.hasSuffix("-") ? result + " " : result
    }
}
