import SSOHealingCore

/// One event as a single human-readable line:
/// `<at> [TEST] <SEVERITY> <probe>: <state> (was <previous>) (reminder N): <summary> — remedy: <remedy>`.
///
/// `[TEST]`, the reminder, the remedy and a login link (` — approve the login: URL (code …)`)
/// appear only when they apply; a resolved event reads
/// `resolved` and carries no remedy. Control characters (line breaks included) in the event's
/// text become spaces, so an event is always exactly one line.
struct ConsoleLine {
    /// The longest summary shown, in characters; longer ones end in "…".
    static let maxSummaryLength = 1_000

    /// The line, newline included.
    let text: String

    init(_ event: AlertEvent) {
        var text = Timestamp.string(event.at)
        if event.test { text += " [TEST]" }
        text += " \(event.severity.rawValue.uppercased()) \(Self.clean(event.probe)): "
        if let phase = event.login {
            text += phase.phrase
        } else {
            text += event.resolved ? "resolved" : event.state.rawValue
            text += " (was \(event.previous.rawValue))"
        }
        if event.reminder > 0 { text += " (reminder \(event.reminder))" }
        var summary = Self.clean(event.summary)
        if summary.count > Self.maxSummaryLength { summary = String(summary.prefix(Self.maxSummaryLength - 1)) + "…" }
        text += ": \(summary)"
        if !event.resolved, let remedy = event.remedy.map(Self.clean), !remedy.isEmpty {
            text += " — remedy: \(remedy)"
        }
        if !event.resolved, let link = event.loginLink { text += " — " + Self.clean(link.sentence) }
        self.text = text + "\n"
    }

    private static func clean(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
