import SSOHealingCore

/// The `SSO_SELF_HEALING_*` variables an `exec` program finds in its environment, one per event field.
enum EventEnvironment {
    /// The common prefix.
    static let prefix = "SSO_SELF_HEALING_"

    /// The variables describing `event`; every one is set, `REMEDY`, `LOGIN` and the `LOGIN_*` ones to ""
    /// when there is none.
    static func variables(for event: AlertEvent) -> [String: String] {
        let fields: [(String, String)] = [
            ("PROBE", event.probe),
            ("KIND", event.kind),
            ("STATE", event.state.rawValue),
            ("PREVIOUS", event.previous.rawValue),
            ("SEVERITY", event.severity.rawValue),
            ("SUMMARY", event.summary),
            ("REMEDY", event.remedy ?? ""),
            ("EVENT_ID", event.id),
            ("FINGERPRINT", event.fingerprint),
            ("EPISODE", String(event.episode)),
            ("TRANSITION", String(event.transition)),
            ("REMINDER", String(event.reminder)),
            ("RESOLVED", event.resolved ? "true" : "false"),
            ("HOST", event.host),
            ("TEST", event.test ? "true" : "false"),
            ("LOGIN", event.login?.rawValue ?? ""),
            ("LOGIN_URL", event.loginLink?.url ?? ""),
            ("LOGIN_USER_CODE", event.loginLink?.userCode ?? ""),
            ("LOGIN_EXPIRES_AT", event.loginLink.map { Timestamp.string($0.expiresAt) } ?? ""),
        ]
        return Dictionary(uniqueKeysWithValues: fields.map { (prefix + $0.0, $0.1) })
    }
}
