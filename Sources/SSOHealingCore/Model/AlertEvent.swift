#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One notification-worthy state change (or a reminder of one), as every notifier receives it.
///
/// Its JSON form is what the `exec` notifier gets on stdin, what the `webhook` notifier posts by
/// default and what `status --json` shows as `last_event`. New fields may be added; existing ones
/// keep their meaning.
public struct AlertEvent: Sendable, Equatable, Codable {
    /// The format's version.
    public var version: Int
    /// Unique per delivery group; stable across retries of the same delivery.
    public var id: String
    /// The probe kind and target name (`aws-sso:prod`); the dedup key together with the episode.
    public var fingerprint: String
    /// Increments on each new non-ok episode of this fingerprint.
    public var episode: Int
    /// Numbers the state changes inside the episode: 0 for the change that opened it, 1, 2, …
    /// for each later one (the return to ok included). Reminders carry the number of the change
    /// they repeat.
    public var transition: Int
    /// The probe's name.
    public var probe: String
    /// The probe's kind.
    public var kind: String
    /// The state before the change.
    public var previous: HealthState
    /// The state now.
    public var state: HealthState
    /// `info` for ok, `warning` for degraded, `critical` for expired.
    public var severity: Severity
    /// 0 for the transition itself, 1, 2, … for reminders.
    public var reminder: Int
    /// Whether this is the return to ok.
    public var resolved: Bool
    /// One human sentence saying what happened.
    public var summary: String
    /// The command a person should run, if any.
    public var remedy: String?
    /// Facts such as expiry dates; never a secret.
    public var details: [String: String]
    /// When the change was seen.
    public var at: Date
    /// The machine's host name.
    public var host: String
    /// Whether this is a test alert from `notifiers test`.
    public var test: Bool
    /// When the target entered `state`, on a reminder (a transition's own `at` is that moment).
    public var since: Date?
    /// On a login request's events (`kind` `login`): `requested` on the one that opens it,
    /// `approved`, `denied` or `expired` on the one that closes it; absent on every other event.
    public var login: LoginPhase?

    /// Creates an event.
    public init(
        id: String = UUID().uuidString.lowercased(), fingerprint: String, episode: Int, transition: Int = 0,
        probe: String, kind: String, previous: HealthState, state: HealthState, reminder: Int = 0, summary: String,
        remedy: String? = nil,
        details: [String: String] = [:], at: Date, host: String = HostName.current, test: Bool = false,
        since: Date? = nil
    ) {
        self.version = 1
        self.id = id
        self.fingerprint = fingerprint
        self.episode = episode
        self.transition = transition
        self.probe = probe
        self.kind = kind
        self.previous = previous
        self.state = state
        self.severity = state.severity
        self.reminder = reminder
        self.resolved = state == .ok
        self.summary = summary
        self.remedy = remedy
        self.details = details
        self.at = at
        self.host = host
        self.test = test
        self.since = since
        self.login = nil
    }

    private enum CodingKeys: String, CodingKey {
        case version, id, fingerprint, episode, transition, probe, kind, previous, state, severity, reminder, resolved
        case summary, remedy, details, at, host, test, since, login
    }

    /// Decodes an event; `transition` (added in the second release) is 0 where absent.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        version = try container.decode(Int.self, forKey: .version)
        id = try container.decode(String.self, forKey: .id)
        fingerprint = try container.decode(String.self, forKey: .fingerprint)
        episode = try container.decode(Int.self, forKey: .episode)
        transition = try container.decodeIfPresent(Int.self, forKey: .transition) ?? 0
        probe = try container.decode(String.self, forKey: .probe)
        kind = try container.decode(String.self, forKey: .kind)
        previous = try container.decode(HealthState.self, forKey: .previous)
        state = try container.decode(HealthState.self, forKey: .state)
        severity = try container.decode(Severity.self, forKey: .severity)
        reminder = try container.decode(Int.self, forKey: .reminder)
        resolved = try container.decode(Bool.self, forKey: .resolved)
        summary = try container.decode(String.self, forKey: .summary)
        remedy = try container.decodeIfPresent(String.self, forKey: .remedy)
        details = try container.decode([String: String].self, forKey: .details)
        at = try container.decode(Date.self, forKey: .at)
        host = try container.decode(String.self, forKey: .host)
        test = try container.decode(Bool.self, forKey: .test)
        since = try container.decodeIfPresent(Date.self, forKey: .since)
        login = try container.decodeIfPresent(LoginPhase.self, forKey: .login)
    }

    /// The kind of a login request's events.
    public static let loginKind = "login"

    /// An event of a login request for `probe` (see ``LoginPhase``): severity `info` whatever the
    /// target's state, which it repeats unchanged (`previous` = `state`); `resolved` on the
    /// closing one. `number` counts the target's login requests; the opening event is
    /// transition 0 and the closing one transition 1.
    public static func loginRequest(
        _ phase: LoginPhase, number: Int, probe: String, targetState: HealthState, summary: String,
        remedy: String? = nil, details: [String: String] = [:], at: Date, host: String = HostName.current,
        id: String = UUID().uuidString.lowercased()
    ) -> AlertEvent {
        var event = AlertEvent(
            id: id, fingerprint: "\(loginKind):\(probe)", episode: number, transition: phase.isClosing ? 1 : 0,
            probe: probe, kind: loginKind, previous: targetState, state: targetState, summary: summary,
            remedy: remedy, details: details, at: at, host: host)
        event.severity = .info
        event.resolved = phase.isClosing
        event.login = phase
        return event
    }

    /// The event as one line of JSON (keys sorted), as notifiers and `status --json` use it.
    public func jsonString(pretty: Bool = false) -> String {
        let encoder = AlertEvent.encoder(pretty: pretty)
        return String(decoding: (try? encoder.encode(self)) ?? Data(), as: UTF8.self)
    }

    /// A JSON encoder with the event's conventions: sorted keys, ISO 8601 dates in UTC.
    public static func encoder(pretty: Bool = false) -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting =
            pretty ? [.sortedKeys, .withoutEscapingSlashes, .prettyPrinted] : [.sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var container = encoder.singleValueContainer()
            try container.encode(Timestamp.string(date))
        }
        return encoder
    }

    /// A JSON decoder matching `encoder`.
    public static func decoder() -> JSONDecoder {
        let decoder = JSONDecoder()
        decoder.dateDecodingStrategy = .custom { decoder in
            let container = try decoder.singleValueContainer()
            let text = try container.decode(String.self)
            guard let date = Timestamp.parse(text) else {
                throw DecodingError.dataCorruptedError(in: container, debugDescription: "invalid date \(text)")
            }
            return date
        }
        return decoder
    }
}
