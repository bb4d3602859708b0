import SSOHealingCore

/// The text of the message for one event, before it is rendered as HTML or plain text.
///
/// ```text
/// 🔴 CRITICAL · prod is expired (was ok)
/// SSO session for profile prod expired: refresh token rejected (invalid_grant)
///
/// Remedy: aws sso login --profile prod
///
/// session_expires_at: 2026-11-27T15:00:00Z
///
/// build-mac-3 · 2026-11-27T15:04:05Z · aws-sso:prod, episode 7
/// ```
enum TelegramMessage {
    /// The most characters a message may have, after entity parsing.
    static let maxLength = 4096
    /// Per-field limits, so that one very long field cannot push the others out of the message.
    static let maxSummaryLength = 3000
    static let maxRemedyLength = 500
    static let maxDetailLength = 300
    static let maxDetails = 20

    /// The message for `event`, within ``maxLength``.
    static func markup(for event: AlertEvent) -> TelegramMarkup {
        var message = TelegramMarkup()
        if event.test {
            message.text("🧪 ")
            message.text("TEST", .bold)
            message.text(" · ")
        }
        message.text(marker(for: event) + " ")
        message.text(label(for: event), .bold)
        message.text(" · ")
        message.text(event.probe, .bold)
        if event.login != nil {
            // A login request changes no state: the label says what happened.
        } else if event.resolved {
            message.text(" is ")
            message.text(event.state.rawValue, .bold)
            message.text(" again (was \(event.previous.rawValue))")
        } else if event.reminder > 0 {
            message.text(" still ")
            message.text(event.state.rawValue, .bold)
            message.text(" · reminder \(event.reminder)")
        } else {
            message.text(" is ")
            message.text(event.state.rawValue, .bold)
            message.text(" (was \(event.previous.rawValue))")
        }
        message.text("\n" + clipped(event.summary, to: maxSummaryLength))

        if let remedy = event.remedy, !remedy.isEmpty {
            message.text("\n\nRemedy: ")
            message.text(clipped(remedy, to: maxRemedyLength), .code)
        }

        if !event.resolved, let link = event.loginLink {
            message.text("\n\n🔑 Approve the login with the button below: code ")
            message.text(link.userCode, .code)
            message.text(
                ", valid until \(Timestamp.string(link.expiresAt)). Whoever approves logs this machine in as themselves."
            )
        }

        let details = event.detailsWithoutLoginLink.sorted { $0.key < $1.key }
        if !details.isEmpty {
            message.text("\n")
            for (key, value) in details.prefix(maxDetails) {
                message.text("\n")
                message.text(clipped(key, to: 100), .bold)
                message.text(": " + clipped(value, to: maxDetailLength))
            }
            if details.count > maxDetails {
                message.text("\n… and \(details.count - maxDetails) more")
            }
        }

        message.text("\n\n")
        message.text(
            "\(event.host) · \(Timestamp.string(event.at)) · \(event.fingerprint), episode \(event.episode)", .italic)
        return message.truncated(to: maxLength)
    }

    /// The inline keyboard with the login link's button, when the event carries one.
    static func replyMarkup(for event: AlertEvent) -> JSONValue? {
        guard !event.resolved, let link = event.loginLink else { return nil }
        let button = JSONValue.object([
            ("text", .string("Approve login " + link.userCode)), ("url", .string(link.url)),
        ])
        return .object([("inline_keyboard", .array([.array([button])]))])
    }

    /// Whether Telegram should deliver the message silently: a return to ok (severity info)
    /// needs no one's attention right away.
    static func isSilent(_ event: AlertEvent) -> Bool {
        event.severity == .info
    }

    /// The mark at the start of the message: red for critical, orange for warning, a tick for
    /// a resolution.
    static func marker(for event: AlertEvent) -> String {
        if let phase = event.login { return phase.marker }
        if event.resolved { return "✅" }
        switch event.severity {
        case .critical: return "🔴"
        case .warning: return "🟠"
        case .info: return "ℹ️"
        }
    }

    /// The upper-case word after the marker.
    static func label(for event: AlertEvent) -> String {
        if let phase = event.login { return phase.phrase.uppercased() }
        return event.resolved ? "RESOLVED" : event.severity.rawValue.uppercased()
    }

    /// `text` cut to `limit` UTF-16 code units between whole characters, with "…" when cut.
    static func clipped(_ text: String, to limit: Int) -> String {
        guard text.utf16.count > limit else { return text }
        var kept = ""
        var length = 0
        for character in text {
            let size = String(character).utf16.count
            guard length + size <= limit - 1 else { break }
            kept.append(character)
            length += size
        }
        return kept + "…"
    }
}
