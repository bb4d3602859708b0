import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One alert of Alertmanager's API v2 (`postableAlert`): labels that identify it, annotations
/// that describe it, and the time it started and (for a resolved one, or one that is not re-sent)
/// ends.
public struct AlertmanagerAlert: Sendable, Equatable {
    /// The identifying labels: `alertname`, `probe`, `kind`, `host`, `severity` and the channel's extra labels.
    public var labels: [String: String]
    /// `summary`, `remedy`, `description` and the event's details.
    public var annotations: [String: String]
    /// When the target entered the alert's state.
    public var startsAt: Date
    /// When Alertmanager should consider the alert resolved: ahead while it fires, the recovery on resolve.
    public var endsAt: Date

    /// Creates an alert.
    public init(labels: [String: String], annotations: [String: String], startsAt: Date, endsAt: Date) {
        self.labels = labels
        self.annotations = annotations
        self.startsAt = startsAt
        self.endsAt = endsAt
    }

    /// The `alertname` of a target in `state`: `SSOSessionExpired` or `SSOSessionDegraded`.
    public static func alertName(for state: HealthState) -> String {
        state == .expired ? "SSOSessionExpired" : "SSOSessionDegraded"
    }

    /// The `alertname` of a test alert from `notifiers test`.
    public static let testAlertName = "SSOSelfHealingTest"

    /// The label names the notifier sets itself; extra labels may not use them.
    public static let reservedLabels: Set<String> = ["alertname", "probe", "kind", "host", "severity"]

    /// The `alertname` of a login request (`sso-self-healing login`): it fires, with severity
    /// `info`, until its link ends or the request closes.
    public static let loginAlertName = "SSOLoginRequested"

    /// How long a test alert fires before Alertmanager resolves it by itself.
    public static let testAlertLifetime: Duration = .seconds(300)

    /// The alerts that say what `event` says, to be posted in one request.
    ///
    /// A degraded or expired event fires the alert of its state, until `now + endsAfter` (re-sends
    /// move that ahead); on a change between degraded and expired it also resolves the other
    /// state's alert. A return to ok resolves both, at the event's time. Labels depend on the
    /// target and the state only, so every re-send updates the same alert in Alertmanager.
    public static func alerts(
        for event: AlertEvent, extraLabels: [String: String] = [:], endsAfter: Duration, now: Date
    ) -> [AlertmanagerAlert] {
        let annotations = annotations(for: event)
        if event.test {
            var labels = labels(for: event, state: event.state, extra: extraLabels)
            labels["alertname"] = testAlertName
            labels["test"] = "true"
            return [
                AlertmanagerAlert(
                    labels: labels, annotations: annotations, startsAt: event.at,
                    endsAt: event.at.addingTimeInterval(testAlertLifetime.secondsValue))
            ]
        }
        if let phase = event.login {
            var labels = labels(for: event, state: event.state, extra: extraLabels)
            labels["alertname"] = loginAlertName
            labels["severity"] = Severity.info.rawValue
            let ends =
                phase.isClosing
                ? event.at : (event.loginLink?.expiresAt ?? event.at.addingTimeInterval(endsAfter.secondsValue))
            return [
                AlertmanagerAlert(
                    labels: labels, annotations: annotations, startsAt: event.at, endsAt: max(ends, event.at))
            ]
        }
        if event.resolved {
            return [HealthState.degraded, .expired].map { state in
                AlertmanagerAlert(
                    labels: labels(for: event, state: state, extra: extraLabels), annotations: annotations,
                    startsAt: event.at, endsAt: event.at)
            }
        }
        let state: HealthState = event.state == .expired ? .expired : .degraded
        let startsAt = min(event.since ?? event.at, event.at)
        var alerts = [
            AlertmanagerAlert(
                labels: labels(for: event, state: state, extra: extraLabels), annotations: annotations,
                startsAt: startsAt, endsAt: max(now, event.at).addingTimeInterval(endsAfter.secondsValue))
        ]
        let other: HealthState = state == .expired ? .degraded : .expired
        if event.reminder == 0, event.previous == other {
            alerts.append(
                AlertmanagerAlert(
                    labels: labels(for: event, state: other, extra: extraLabels), annotations: annotations,
                    startsAt: event.at, endsAt: event.at))
        }
        return alerts
    }

    private static func labels(for event: AlertEvent, state: HealthState, extra: [String: String]) -> [String: String] {
        var labels = extra
        labels["alertname"] = alertName(for: state)
        labels["probe"] = event.probe
        labels["kind"] = event.kind
        labels["host"] = event.host
        labels["severity"] = state.severity.rawValue
        return labels
    }

    private static func annotations(for event: AlertEvent) -> [String: String] {
        var annotations: [String: String] = [:]
        for (name, value) in event.details
        where isValidName(name)
            && !["summary", "remedy", "description", "fingerprint", "episode", "transition"].contains(name)
        {
            annotations[name] = value
        }
        annotations["summary"] = event.summary
        // The dedup key, as annotations: labels identify an alert in Alertmanager, and a reminder
        // or a re-send must update the alert it repeats, not open another.
        annotations["fingerprint"] = event.fingerprint
        annotations["episode"] = String(event.episode)
        annotations["transition"] = String(event.transition)
        if let remedy = event.remedy, !remedy.isEmpty { annotations["remedy"] = remedy }
        var description =
            event.resolved
            ? "\(event.probe) (\(event.kind)) on \(event.host) is ok again."
            : "\(event.probe) (\(event.kind)) on \(event.host) is \(event.state.rawValue): \(event.summary)"
        if !event.resolved, let remedy = event.remedy, !remedy.isEmpty { description += " Remedy: \(remedy)" }
        if event.test { description = "A test alert from sso-self-healing on \(event.host); nothing is wrong." }
        annotations["description"] = description
        return annotations
    }

    /// Whether `name` is a valid label or annotation name (`[a-zA-Z_][a-zA-Z0-9_]*`).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first.isLetter else { return false }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0.isLetter || ("0"..."9").contains($0) }
    }

    /// The alert as the API's JSON.
    var json: JSONValue {
        func object(_ pairs: [String: String]) -> JSONValue {
            .object(pairs.sorted { $0.key < $1.key }.map { ($0.key, .string($0.value)) })
        }
        return .object([
            ("labels", object(labels)), ("annotations", object(annotations)),
            ("startsAt", .string(Timestamp.string(startsAt))), ("endsAt", .string(Timestamp.string(endsAt))),
        ])
    }

    /// The body of `POST /api/v2/alerts` for `alerts`.
    static func body(_ alerts: [AlertmanagerAlert]) -> String {
        JSONValue.array(alerts.map(\.json)).serialized()
    }
}

extension Unicode.Scalar {
    fileprivate var isLetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
