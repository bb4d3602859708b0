import SSOHealingCore

/// systemd user units for a ``ServicePlan``: a `Type=notify` service with a watchdog for the daemon, or a
/// oneshot service for `check` with a timer.
enum SystemdUnits {
    /// `$XDG_CONFIG_HOME/systemd/user`, or `~/.config/systemd/user`.
    static func directory(environment: [String: String]) -> String {
        let base =
            environment["XDG_CONFIG_HOME"].flatMap { $0.hasPrefix("/") ? $0 : nil }
            ?? PathString.join(Paths.home(environment: environment), ".config")
        return PathString.join(base, "systemd/user")
    }

    /// The unit files for `plan` in `directory`: the service, then the timer in timer mode.
    static func files(for plan: ServicePlan, in directory: String) -> [ServiceFile] {
        let service = ServiceFile(
            path: PathString.join(directory, "\(plan.label).service"),
            contents: service(for: plan))
        guard plan.mode == .timer else { return [service] }
        let timer = ServiceFile(
            path: PathString.join(directory, "\(plan.label).timer"), contents: timer(for: plan))
        return [service, timer]
    }

    /// The file names `uninstall` looks for.
    static func fileNames(label: String) -> [String] { ["\(label).service", "\(label).timer"] }

    /// The unit `systemctl --user enable --now` is given.
    static func enabledUnit(for plan: ServicePlan) -> String {
        plan.mode == .timer ? "\(plan.label).timer" : "\(plan.label).service"
    }

    static func service(for plan: ServicePlan) -> String {
        var lines = header(plan)
        lines += [
            "[Unit]",
            plan.mode == .daemon
                ? "Description=sso-self-healing daemon: keeps AWS SSO sessions alive and alerts"
                : "Description=sso-self-healing check: probe AWS SSO sessions once and alert",
            "",
            "[Service]",
        ]
        if plan.mode == .daemon {
            lines += [
                "# run tells systemd when it is ready, what its last cycle found (systemctl status) and",
                "# that it is alive: restarted when it stops answering for \(ConfigDuration.format(watchdog)).",
                "Type=notify",
                "ExecStart=\(commandLine(plan.arguments))",
                "WatchdogSec=\(Int(watchdog.components.seconds))s",
                "ExecReload=/bin/kill -HUP $MAINPID",
                "Restart=on-failure",
                "RestartSec=30s",
                "# 78: a bad configuration; restarting cannot fix it (run `sso-self-healing config check`).",
                "RestartPreventExitStatus=78",
            ]
        } else {
            lines += [
                "Type=oneshot",
                "ExecStart=\(commandLine(plan.arguments))",
                "# check exits 1 (degraded) or 2 (expired) after alerting: the check itself worked.",
                "SuccessExitStatus=1 2",
            ]
        }
        for variable in plan.environment {
            lines.append("Environment=\(quoted("\(variable.name)=\(variable.value)", escapingDollar: false))")
        }
        lines += environmentFileLines(plan)
        if plan.mode == .daemon {
            lines += ["", "[Install]", "WantedBy=default.target"]
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `WatchdogSec=` of the daemon's service: `run` pings at half of it, so an idle daemon
    /// wakes for it every 2.5 minutes; a hung one is restarted within 5.
    static let watchdog: Duration = .seconds(300)

    static func timer(for plan: ServicePlan) -> String {
        var lines = header(plan)
        lines += [
            "[Unit]",
            "Description=Run sso-self-healing check every \(ConfigDuration.format(plan.interval))",
            "",
            "[Timer]",
        ]
        let seconds = Int(plan.interval.components.seconds)
        if let calendar = calendar(everySeconds: seconds) {
            lines += [
                "OnCalendar=\(calendar)",
                "# Runs missed while the machine slept or was off happen as soon as it is back.",
                "Persistent=true",
            ]
        } else {
            lines += [
                "# \(ConfigDuration.format(plan.interval)) does not divide a day evenly: a monotonic timer",
                "# (Persistent= applies to OnCalendar= only).",
                "OnStartupSec=1min",
                "OnUnitActiveSec=\(seconds)s",
            ]
        }
        lines += [
            "AccuracySec=10s",
            "Unit=\(plan.label).service",
            "",
            "[Install]",
            "WantedBy=timers.target",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    /// A calendar expression for "every `seconds`" when it divides an hour or a day evenly.
    static func calendar(everySeconds seconds: Int) -> String? {
        guard seconds > 0 else { return nil }
        if seconds % 3600 == 0, 86400 % seconds == 0 {
            let hours = seconds / 3600
            return hours == 24 ? "*-*-* 00:00:00" : "*-*-* 00/\(hours):00:00"
        }
        if seconds % 60 == 0, 3600 % seconds == 0 { return "*-*-* *:00/\(seconds / 60):00" }
        if seconds < 60, 60 % seconds == 0 { return "*-*-* *:*:00/\(seconds)" }
        return nil
    }

    private static func header(_ plan: ServicePlan) -> [String] {
        [
            "# \(ServicePlan.marker) (mode \(plan.mode.rawValue)).",
            "# Remove with: \(commandLine([plan.executable, "uninstall", "--systemd", "--label", plan.label]))",
            "",
        ]
    }

    /// Comments on the environment file, which the program reads itself (`--environment-file` in
    /// `ExecStart=`) rather than through `EnvironmentFile=`: one parser for systemd and launchd,
    /// and a reload re-reads it.
    private static func environmentFileLines(_ plan: ServicePlan) -> [String] {
        var lines = [
            "# Secrets: KEY=value lines in \(plan.environmentFile) (chmod 600; EnvironmentFile= syntax, it may be",
            "# absent), read by the program itself at every start and reload (--environment-file above).",
        ]
        if !plan.configuredVariables.isEmpty {
            lines.append("# The configuration names: \(plan.configuredVariables.joined(separator: ", ")).")
        }
        return lines
    }

    /// A command line as `ExecStart=` reads it: each word quoted when it needs to be.
    static func commandLine(_ words: [String]) -> String {
        words.map { word in
            let plain =
                !word.isEmpty
                && word.unicodeScalars.allSatisfy { scalar in
                    scalar.isASCII && scalar.value > 0x20 && !"\"'\\;$%".unicodeScalars.contains(scalar)
                }
            return plain ? word : quoted(word)
        }.joined(separator: " ")
    }

    /// `text` in double quotes, with `\`, `"` and `%` escaped as unit files require, and `$`
    /// when the setting expands variables (`ExecStart=` does, `Environment=` does not).
    static func quoted(_ text: String, escapingDollar: Bool = true) -> String {
        var result = "\""
        for character in text {
            switch character {
            case "\\": result += "\\\\"
            case "\"": result += "\\\""
            case "%": result += "%%"
            case "$" where escapingDollar: result += "$$"
            case "\n": result += "\\n"
            default: result.append(character)
            }
        }
        return result + "\""
    }
}
