import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The Events API v2 event for one alert: what to do (`trigger` or `resolve`), the `dedup_key`
/// that ties an episode's events to one PagerDuty alert, and the payload people see.
///
/// - A non-ok transition and its reminders trigger, with the episode's `dedup_key`: PagerDuty
///   opens one alert for the episode and folds every later trigger of it (a change between
///   degraded and expired, a reminder) into that alert.
/// - The return to ok resolves the episode's `dedup_key`.
/// - A login request (an event of kind `login`) triggers with severity `info` under its own
///   `dedup_key` (fingerprint `login:NAME` and the request's number), carrying the approval link;
///   the event that closes it (approved, denied or expired) resolves that key.
/// - A test alert triggers under a `dedup_key` of its own, and the notifier resolves it at once.
enum PagerDutyEvent {
    /// PagerDuty's limit on `payload.summary`, in characters.
    static let maxSummaryLength = 1024
    /// PagerDuty's limit on `dedup_key`, in characters.
    static let maxDedupKeyLength = 255

    /// The two actions this notifier sends.
    enum Action: String {
        case trigger
        case resolve
    }

    /// `resolve` for the return to ok and a login request's closing event, `trigger` for
    /// everything else.
    static func action(for event: AlertEvent) -> Action {
        event.resolved ? .resolve : .trigger
    }

    /// Whether `event` is one of a login request's events (see ``LoginPhase``).
    static func isLoginRequest(_ event: AlertEvent) -> Bool {
        event.login != nil
    }

    /// The alert's key: `sso-self-healing/HOST/FINGERPRINT/EPISODE` (a test alert's ends in
    /// `test/ID`), so that two machines watching sessions of the same name never share an alert.
    /// A key longer than PagerDuty's limit is cut and ends in a hash of the whole.
    static func dedupKey(for event: AlertEvent) -> String {
        let key =
            event.test
            ? "\(ProductInfo.name)/\(event.host)/test/\(event.id)"
            : "\(ProductInfo.name)/\(event.host)/\(event.fingerprint)/\(event.episode)"
        guard key.unicodeScalars.count > maxDedupKeyLength else { return key }
        let hash = String(fnv1a(key), radix: 16)
        var kept = String.UnicodeScalarView()
        kept.append(contentsOf: key.unicodeScalars.prefix(maxDedupKeyLength - hash.count - 1))
        return String(kept) + "#" + hash
    }

    /// `payload.severity`: `critical` when expired, `warning` when degraded, `info` for a return
    /// to ok and a login request's events.
    static func severity(for event: AlertEvent) -> String {
        isLoginRequest(event) ? Severity.info.rawValue : event.severity.rawValue
    }

    /// `payload.summary`: what happened in one line, then the event's summary, cut to 1024 characters.
    static func summary(for event: AlertEvent) -> String {
        var line = event.test ? "TEST: " : ""
        if let phase = event.login {
            line += "\(phase.phrase) for \(event.probe) on \(event.host)"
        } else if event.resolved {
            line += "\(event.probe) is ok again on \(event.host)"
        } else if event.reminder > 0 {
            line += "\(event.probe) still \(event.state.rawValue) on \(event.host) (reminder \(event.reminder))"
        } else {
            line += "\(event.probe) is \(event.state.rawValue) on \(event.host)"
        }
        let flattened = String(event.summary.map { $0.isNewline ? " " : $0 })
        return clip(line + ": " + flattened, limit: maxSummaryLength)
    }

    /// The request body: `routing_key`, `event_action`, `dedup_key`, the payload (sent with a
    /// resolve too: PagerDuty keeps it in the alert's log), `client` and the login link in `links`.
    static func body(for event: AlertEvent, routingKey: String, action: Action? = nil) -> JSONValue {
        let action = action ?? Self.action(for: event)
        var details: [(String, JSONValue)] = event.detailsWithoutLoginLink.sorted { $0.key < $1.key }.map {
            ($0.key, .string($0.value))
        }
        if let remedy = event.remedy, !remedy.isEmpty, event.details["remedy"] == nil {
            details.append(("remedy", .string(remedy)))
        }
        var payload: [(String, JSONValue)] = [
            ("summary", .string(summary(for: event))),
            ("source", .string(event.host)),
            ("severity", .string(severity(for: event))),
            ("timestamp", .string(Timestamp.string(event.at))),
            ("component", .string(event.probe)),
            ("group", .string(event.kind)),
            ("class", .string(event.test ? "test" : event.state.rawValue)),
        ]
        if !details.isEmpty { payload.append(("custom_details", .object(details))) }
        var fields: [(String, JSONValue)] = [
            ("routing_key", .string(routingKey)),
            ("event_action", .string(action.rawValue)),
            ("dedup_key", .string(dedupKey(for: event))),
            ("payload", .object(payload)),
            ("client", .string(ProductInfo.name)),
        ]
        if action == .trigger, let link = event.loginLink {
            fields.append(
                ("links", .array([.object([("href", .string(link.url)), ("text", .string(linkText(link)))])])))
        }
        return .object(fields)
    }

    /// The text of the login link: what to compare and until when.
    static func linkText(_ link: LoginLink) -> String {
        "Approve the login (code \(link.userCode), until \(Timestamp.string(link.expiresAt)))"
    }

    /// `text` cut between whole characters to `limit` Unicode scalars, "…" included.
    private static func clip(_ text: String, limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        var kept = ""
        var count = 0
        for character in text {
            let size = character.unicodeScalars.count
            guard count + size <= limit - 1 else { break }
            kept.append(character)
            count += size
        }
        return kept + "…"
    }

    /// The 64-bit FNV-1a hash of `text`'s UTF-8.
    private static func fnv1a(_ text: String) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in text.utf8 {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01b3
        }
        return hash
    }
}
