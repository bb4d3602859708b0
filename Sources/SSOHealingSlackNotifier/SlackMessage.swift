import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The incoming-webhook payload for one event: a `text` fallback (notifications, old clients),
/// `blocks` with a header and the summary, and one attachment whose colour bar shows the severity
/// beside the facts (probe, state, host, time, remedy, details).
enum SlackMessage {
    /// Block Kit's limits, which Slack enforces with `invalid_blocks`.
    static let maxHeaderLength = 150
    static let maxSectionLength = 3000
    static let maxFieldLength = 2000
    static let maxContextElements = 10
    /// The fallback text's limit (Slack truncates longer messages anyway).
    static let maxFallbackLength = 3000
    /// How many details are shown.
    static let maxDetails = 9

    /// The payload for `event`; `username` and `iconEmoji` are added when set.
    static func payload(for event: AlertEvent, username: String? = nil, iconEmoji: String? = nil) -> JSONValue {
        var fields: [(String, JSONValue)] = [
            ("text", .string(fallback(for: event))),
            ("blocks", .array(mainBlocks(for: event))),
            (
                "attachments",
                .array([
                    .object([
                        ("color", .string(color(for: event.severity))),
                        ("fallback", .string(SlackText.mrkdwn(headline(for: event), limit: maxFallbackLength))),
                        ("blocks", .array(factBlocks(for: event))),
                    ])
                ])
            ),
        ]
        if let username { fields.append(("username", .string(username))) }
        if let iconEmoji { fields.append(("icon_emoji", .string(iconEmoji))) }
        return .object(fields)
    }

    /// The attachment colour: `good` (green) for info, `warning` (yellow), `danger` (red).
    static func color(for severity: Severity) -> String {
        switch severity {
        case .info: "good"
        case .warning: "warning"
        case .critical: "danger"
        }
    }

    /// The mark at the start of the header.
    static func marker(for event: AlertEvent) -> String {
        if let phase = event.login { return phase.marker }
        if event.resolved { return "✅" }
        switch event.severity {
        case .critical: return "🔴"
        case .warning: return "🟠"
        case .info: return "ℹ️"
        }
    }

    /// One line saying what happened, without the summary: `🔴 CRITICAL · prod is expired (was ok)`.
    static func headline(for event: AlertEvent) -> String {
        var line = event.test ? "🧪 TEST · " : ""
        if let phase = event.login {
            return line + marker(for: event) + " " + phase.phrase.uppercased() + " · " + event.probe
        }
        line += marker(for: event) + " " + (event.resolved ? "RESOLVED" : event.severity.rawValue.uppercased())
        line += " · " + event.probe
        if event.resolved {
            line += " is \(event.state.rawValue) again (was \(event.previous.rawValue))"
        } else if event.reminder > 0 {
            line += " still \(event.state.rawValue) · reminder \(event.reminder)"
        } else {
            line += " is \(event.state.rawValue) (was \(event.previous.rawValue))"
        }
        return line
    }

    /// The top-level `text`: the headline, the host and the summary, escaped for mrkdwn.
    static func fallback(for event: AlertEvent) -> String {
        SlackText.mrkdwn("\(headline(for: event)) on \(event.host): \(event.summary)", limit: maxFallbackLength)
    }

    private static func mainBlocks(for event: AlertEvent) -> [JSONValue] {
        var blocks: [JSONValue] = [
            .object([
                ("type", .string("header")),
                (
                    "text",
                    .object([
                        ("type", .string("plain_text")),
                        ("text", .string(SlackText.plain(headline(for: event), limit: maxHeaderLength))),
                        ("emoji", .bool(true)),
                    ])
                ),
            ]),
            section(SlackText.mrkdwn(event.summary, limit: maxSectionLength)),
        ]
        if !event.resolved, let link = event.loginLink { blocks += loginBlocks(link) }
        return blocks
    }

    /// The login link as a button, with the code to compare and when the link ends.
    private static func loginBlocks(_ link: LoginLink) -> [JSONValue] {
        let expires = Int64(link.expiresAt.timeIntervalSince1970.rounded(.down))
        let text =
            "*Approve the login* to renew the session: code `\(SlackText.code(link.userCode, limit: 64))`, "
            + "valid until <!date^\(expires)^{time_secs}|\(Timestamp.string(link.expiresAt))>. "
            + "Whoever approves logs this machine in as themselves."
        return [
            section(text),
            .object([
                ("type", .string("actions")),
                (
                    "elements",
                    .array([
                        .object([
                            ("type", .string("button")),
                            (
                                "text",
                                .object([
                                    ("type", .string("plain_text")),
                                    ("text", .string(SlackText.plain("Approve login " + link.userCode, limit: 75))),
                                ])
                            ),
                            ("url", .string(link.url)), ("style", .string("primary")),
                        ])
                    ])
                ),
            ]),
        ]
    }

    private static func factBlocks(for event: AlertEvent) -> [JSONValue] {
        var blocks: [JSONValue] = [
            .object([
                ("type", .string("section")),
                (
                    "fields",
                    .array([
                        mrkdwn(field("Probe", "\(event.probe) (\(event.kind))")),
                        mrkdwn(
                            event.login.map { field("Login", $0.rawValue) }
                                ?? field("State", "\(event.state.rawValue) (was \(event.previous.rawValue))")),
                        mrkdwn(field("Host", event.host)),
                        mrkdwn("*Time*\n" + date(event)),
                    ])
                ),
            ])
        ]
        if let remedy = event.remedy, !remedy.isEmpty {
            blocks.append(section("*Remedy*\n`" + SlackText.code(remedy, limit: maxSectionLength - 20) + "`"))
        }
        let details = event.detailsWithoutLoginLink.sorted { $0.key < $1.key }
        if !details.isEmpty {
            var elements = details.prefix(maxDetails).map { key, value in
                mrkdwn("*" + SlackText.mrkdwn(key, limit: 100) + "*: " + SlackText.mrkdwn(value, limit: 500))
            }
            if details.count > maxDetails { elements.append(mrkdwn("… and \(details.count - maxDetails) more")) }
            blocks.append(.object([("type", .string("context")), ("elements", .array(elements))]))
        }
        var facts = ["\(SlackText.mrkdwn(event.fingerprint)) · episode \(event.episode)"]
        if event.reminder > 0 { facts.append("reminder \(event.reminder)") }
        if event.test { facts.append("test alert: nothing is wrong") }
        blocks.append(
            .object([("type", .string("context")), ("elements", .array([mrkdwn(facts.joined(separator: " · "))]))]))
        return blocks
    }

    private static func field(_ label: String, _ value: String) -> String {
        "*\(label)*\n" + SlackText.mrkdwn(value, limit: maxFieldLength - label.count - 3)
    }

    /// The time as a Slack date token: shown in each reader's time zone, the UTC timestamp as fallback.
    private static func date(_ event: AlertEvent) -> String {
        let seconds = Int64(event.at.timeIntervalSince1970.rounded(.down))
        return "<!date^\(seconds)^{date_short_pretty} {time_secs}|\(Timestamp.string(event.at))>"
    }

    private static func section(_ text: String) -> JSONValue {
        .object([("type", .string("section")), ("text", mrkdwn(text))])
    }

    /// A `mrkdwn` text object; `verbatim` stops Slack from turning bare names and URLs into
    /// mentions and links.
    private static func mrkdwn(_ text: String) -> JSONValue {
        .object([("type", .string("mrkdwn")), ("text", .string(text)), ("verbatim", .bool(true))])
    }
}
