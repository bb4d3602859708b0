import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The message a Teams Workflows webhook takes for one event: one Adaptive Card (schema 1.4) as
/// the message's only attachment, which the "Post to a channel when a webhook request is
/// received" workflow posts to its channel.
///
/// The card shows a headline coloured by severity, the probe, host and time, the summary, the
/// remedy in a monospace block, a FactSet of the state and the event's details, and, for an
/// event that carries a login link, the code to compare and an `Action.OpenUrl` button to the
/// approval page. Texts are cut so that the whole message stays within Teams's 28 KB.
enum TeamsCard {
    /// The attachment's content type: an Adaptive Card.
    static let contentType = "application/vnd.microsoft.card.adaptive"
    /// The card schema's URL.
    static let schema = "http://adaptivecards.io/schemas/adaptive-card.json"
    /// The card schema version: 1.4, which Teams renders on desktop, web and mobile.
    static let version = "1.4"
    /// Teams's limit for one message, in bytes.
    static let maxMessageBytes = 28 * 1024

    /// How much of each text the card shows, in characters.
    struct Limits {
        var summary = 6000
        var remedy = 2000
        var detailValue = 1000
        var details = 20

        /// Half of everything: for a message still too large.
        var halved: Limits {
            Limits(
                summary: summary / 2, remedy: remedy / 2, detailValue: detailValue / 2, details: max(details / 2, 1))
        }
    }

    /// The webhook's body for `event`: `{"type": "message", "attachments": [{… the card …}]}`,
    /// at most ``maxMessageBytes`` long.
    static func message(for event: AlertEvent) -> JSONValue {
        var limits = Limits()
        while true {
            let message = message(for: event, limits: limits)
            // A margin for the request's own framing, which Teams counts too.
            if message.serialized().utf8.count <= maxMessageBytes - 1024 || limits.summary < 100 { return message }
            limits = limits.halved
        }
    }

    /// The text colour of the headline: `Good` (green) for a return to ok or other info,
    /// `Warning` (amber) when degraded, `Attention` (red) when expired; for a login request's
    /// events `Accent` when requested, `Good` when approved, `Warning` when denied or expired.
    static func color(for event: AlertEvent) -> String {
        if let phase = event.login {
            switch phase {
            case .requested: return "Accent"
            case .approved: return "Good"
            case .denied, .expired: return "Warning"
            }
        }
        if event.resolved { return "Good" }
        switch event.severity {
        case .info: return "Good"
        case .warning: return "Warning"
        case .critical: return "Attention"
        }
    }

    /// One line saying what happened: `CRITICAL · prod is expired (was ok)`, or for a login
    /// request's events `LOGIN DENIED · prod`.
    static func headline(for event: AlertEvent) -> String {
        var line = event.test ? "TEST · " : ""
        if let phase = event.login { return line + phase.phrase.uppercased() + " · " + event.probe }
        line += (event.resolved ? "RESOLVED" : event.severity.rawValue.uppercased()) + " · " + event.probe
        if event.resolved {
            line += " is \(event.state.rawValue) again (was \(event.previous.rawValue))"
        } else if event.reminder > 0 {
            line += " still \(event.state.rawValue) · reminder \(event.reminder)"
        } else {
            line += " is \(event.state.rawValue) (was \(event.previous.rawValue))"
        }
        return line
    }

    private static func message(for event: AlertEvent, limits: Limits) -> JSONValue {
        var body: [JSONValue] = [
            textBlock(
                headline(for: event),
                [("size", .string("Large")), ("weight", .string("Bolder")), ("color", .string(color(for: event)))]),
            textBlock(
                "\(event.probe) (\(event.kind)) on \(event.host) · \(Timestamp.string(event.at))",
                [("isSubtle", .bool(true)), ("spacing", .string("None"))]),
        ]
        if !event.summary.isEmpty { body.append(textBlock(clip(event.summary, limits.summary))) }
        if let remedy = event.remedy, !remedy.isEmpty {
            body.append(textBlock("Remedy", [("weight", .string("Bolder"))]))
            body.append(
                textBlock(
                    clip(remedy, limits.remedy), [("fontType", .string("Monospace")), ("spacing", .string("None"))]))
        }
        var actions: [JSONValue] = []
        if !event.resolved, let link = event.loginLink {
            body.append(
                textBlock(
                    "Approve the login to renew the session: code \(link.userCode), valid until "
                        + "\(Timestamp.string(link.expiresAt)). Whoever approves logs this machine in as themselves.",
                    [("weight", .string("Bolder"))]))
            actions.append(
                .object([
                    ("type", .string("Action.OpenUrl")), ("title", .string("Approve login \(link.userCode)")),
                    ("url", .string(link.url)),
                ]))
        }
        body.append(.object([("type", .string("FactSet")), ("facts", .array(facts(for: event, limits: limits)))]))
        var card: [(String, JSONValue)] = [
            ("$schema", .string(schema)),
            ("type", .string("AdaptiveCard")),
            ("version", .string(version)),
            ("fallbackText", .string(clip(headline(for: event) + ": " + event.summary, 500))),
            ("body", .array(body)),
        ]
        if !actions.isEmpty { card.append(("actions", .array(actions))) }
        card.append(("msteams", .object([("width", .string("Full"))])))
        return .object([
            ("type", .string("message")),
            (
                "attachments",
                .array([
                    .object([
                        ("contentType", .string(contentType)), ("contentUrl", .null), ("content", .object(card)),
                    ])
                ])
            ),
        ])
    }

    /// State, previous state and the details, then the episode.
    private static func facts(for event: AlertEvent, limits: Limits) -> [JSONValue] {
        var facts: [(String, String)] = [("State", "\(event.state.rawValue) (was \(event.previous.rawValue))")]
        let details = event.detailsWithoutLoginLink.sorted { $0.key < $1.key }
        for (key, value) in details.prefix(limits.details) {
            facts.append((clip(key, 100), value.isEmpty ? "—" : clip(value, limits.detailValue)))
        }
        if details.count > limits.details { facts.append(("…", "and \(details.count - limits.details) more")) }
        var episode = "\(event.fingerprint) · episode \(event.episode)"
        if event.reminder > 0 { episode += " · reminder \(event.reminder)" }
        if event.test { episode += " · test alert: nothing is wrong" }
        facts.append(("Episode", episode))
        return facts.map { .object([("title", .string($0.0)), ("value", .string($0.1))]) }
    }

    private static func textBlock(_ text: String, _ extra: [(String, JSONValue)] = []) -> JSONValue {
        .object([("type", .string("TextBlock")), ("text", .string(text)), ("wrap", .bool(true))] + extra)
    }

    /// `text` cut between whole characters to `limit`, "…" included.
    private static func clip(_ text: String, _ limit: Int) -> String {
        guard text.count > limit else { return text }
        return String(text.prefix(max(limit - 1, 0))) + "…"
    }
}
