import SSOHealingCore

extension AppriseNotifier {
    /// Apprise's notification type for `event`: `success` for a resolution, otherwise `info`,
    /// `warning` or `failure` by severity; for a login request's events `info` when requested,
    /// `success` when approved, `warning` when denied or expired.
    public static func notificationType(for event: AlertEvent) -> String {
        if let phase = event.login {
            switch phase {
            case .requested: return "info"
            case .approved: return "success"
            case .denied, .expired: return "warning"
            }
        }
        if event.resolved { return "success" }
        switch event.severity {
        case .info: return "info"
        case .warning: return "warning"
        case .critical: return "failure"
        }
    }

    /// The notification's title: the probe, what happened to it and where, e.g.
    /// `prod: expired on build-mac-3` (a login request's: `prod: login denied on build-mac-3`).
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
        title += " on \(event.host)"
        return event.test ? "[test] " + title : title
    }

    /// The notification's text: the summary, the remedy, the login link (unless resolved), and
    /// the time of the change.
    public static func body(for event: AlertEvent) -> String {
        var lines = [event.summary]
        if let remedy = event.remedy, !remedy.isEmpty { lines.append("To fix it, run: \(remedy)") }
        if !event.resolved, let link = event.loginLink {
            lines.append(
                "Or approve the login started for this machine (code \(link.userCode), valid until "
                    + "\(Timestamp.string(link.expiresAt))): \(link.url)")
        }
        if event.test { lines.append("This is a test alert sent by `\(ProductInfo.name) notifiers test`.") }
        lines.append("\(ProductInfo.name) on \(event.host), \(Timestamp.string(event.at))")
        return lines.joined(separator: "\n")
    }

    /// The arguments after `apprise` for `event`, its URLs read from the file at `configPath`
    /// and its body from standard input; `-v` puts apprise's warnings (why a service refused) on
    /// standard error.
    public static func arguments(for event: AlertEvent, configPath: String) -> [String] {
        ["-v", "-t", title(for: event), "-n", notificationType(for: event), "--config", configPath]
    }
}
