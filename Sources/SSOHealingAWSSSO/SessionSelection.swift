/// How a `[probe.NAME]` table names what it watches: an `sso-session` (all its profiles, or those
/// listed), or a profile (its session).
enum SessionSelection: Sendable, Equatable {
    /// `sso_session = "corp"`, with `profiles = [...]` when given.
    case session(String, profiles: [String]?)
    /// `profile = "dev"`; `nil` is `AWS_DEFAULT_PROFILE`, `AWS_PROFILE` or `default`.
    case profile(String?)

    /// What `settings` select.
    init(_ settings: AWSSSOProbe.Settings) {
        if let session = settings.ssoSession {
            self = .session(session, profiles: settings.profiles)
        } else {
            self = .profile(settings.profile)
        }
    }
}
