import Logging
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One check of one session: what both modes share (the cache, the forecast, the warnings, the
/// details), with the modes in `SessionCheck+Native.swift` and `SessionCheck+CLI.swift`.
struct SessionCheck {
    let settings: AWSSSOProbe.Settings
    /// The session and the profiles on it.
    let session: WatchedSession
    let config: AWSConfig
    let environment: [String: String]
    let cache: TokenCache
    /// The state remembered between checks; saved by the caller.
    var record: SessionRecord
    let now: @Sendable () -> Date
    let logger: Logger
    /// Facts for the result's `details`; never a secret.
    var details: [String: String] = [:]
    /// The remembered session the current refresh token belongs to.
    var chainIndex: Int?

    init(
        settings: AWSSSOProbe.Settings, session: WatchedSession, config: AWSConfig, environment: [String: String],
        cache: TokenCache, record: SessionRecord, now: @escaping @Sendable () -> Date, logger: Logger
    ) {
        self.settings = settings
        self.session = session
        self.config = config
        self.environment = environment
        self.cache = cache
        self.record = record
        self.now = now
        self.logger = logger
    }

    /// The profile whose settings reach the session's services (see ``WatchedSession/primary``).
    var profile: SSOProfile { session.primary }

    /// How findings name the session.
    var subject: SessionSubject { session.subject }

    /// The login remedy in its generic form (`aws sso login --sso-session NAME`); the probe
    /// replaces it with the form that fits the machine (``LoginRemedy``) once the check is done.
    var login: String { session.loginCommand }

    /// What a legacy profile's owner should do.
    var legacyRemedy: String {
        "add an sso-session to profile \(session.profiles.map(\.name).joined(separator: ", ")) "
            + "(legacy profiles cannot refresh)"
    }

    /// The finding for a cache that holds no usable token (the file's path goes in the details,
    /// as `token_cache`, never in the summary).
    mutating func cacheProblem(_ result: TokenCache.ReadResult) -> Finding {
        details["token_cache"] = cache.path
        return switch result {
        case .missing:
            .expired(subject, "no cached token", remedy: login)
        case .corrupt(let reason):
            .expired(subject, "the token cache is corrupt (\(reason))", remedy: login)
        case .unreadable(let reason):
            .degraded(
                subject, "cannot read the token cache: \(reason)",
                remedy: "let this user read the token cache (its path is in the details: token_cache)")
        case .token:
            .degraded(subject, "unexpected token cache state", remedy: login)
        }
    }

    /// Records the token's dates in the details.
    mutating func note(_ token: SSOToken) {
        if let expiresAt = token.expiresAt { details["access_token_expires_at"] = Timestamp.string(expiresAt) }
        if let registration = token.registrationExpiresAt {
            details["registration_expires_at"] = Timestamp.string(registration)
        }
        if let lastRefresh = record.lastRefresh { details["last_refresh"] = Timestamp.string(lastRefresh) }
    }

    /// Finds (or starts) the remembered session of `token`'s refresh token and records the
    /// forecast. A refresh token that another tool rotated (matched on the session's identity)
    /// counts as a refresh at the file's write time.
    mutating func observe(_ token: SSOToken, modified: Date?, rotatedFrom: String? = nil) {
        guard let refreshToken = token.refreshToken else { return }
        let key = TokenKey.refreshToken(refreshToken)
        let known = record.chainIndex(holding: key) != nil
        let identity = SessionChain.Identity(
            client: token.clientID.map(TokenKey.client), startURL: token.startURL,
            registrationExpiresAt: token.registrationExpiresAtText)
        let index = record.chain(for: key, identity: identity, rotatedFrom: rotatedFrom, now: now())
        if !known, record.chains[index].tokens.count > 1, let modified {
            // Someone else refreshed: the file's write time is when.
            if record.lastRefresh.map({ $0 < modified }) ?? true { record.lastRefresh = modified }
            logger.debug(
                "the refresh token was rotated by another program", metadata: ["session": "\(profile.cacheKeySource)"])
        }
        chainIndex = index
        let chain = record.chains[index]
        details["session_expires_at"] = Timestamp.string(chain.forecastEnd(lifetime: settings.sessionLifetime))
        details["session_first_seen"] = Timestamp.string(chain.firstSeen)
        if let lastRefresh = record.lastRefresh { details["last_refresh"] = Timestamp.string(lastRefresh) }
    }

    /// Degraded when the session's forecast end or the registration's end is near (or, for the
    /// forecast, passed while the session still works); `nil` when neither is.
    func warnings(_ token: SSOToken) -> Finding? {
        let now = now()
        var finding: Finding?
        if let registration = token.registrationExpiresAt,
            registration.timeIntervalSince(now) <= settings.registrationWarning.secondsValue
        {
            finding = .degraded(
                subject,
                "the client registration ends at \(Timestamp.string(registration)), within "
                    + "\(Self.format(settings.registrationWarning)); the first aws sso login after it registers anew",
                remedy: "log in again once it has ended: that login registers a new client")
        }
        if let chainIndex {
            let end = record.chains[chainIndex].forecastEnd(lifetime: settings.sessionLifetime)
            if end <= now {
                finding =
                    finding
                    ?? .degraded(
                        subject,
                        "it still works after its forecast end \(Timestamp.string(end)) (session_lifetime "
                            + "\(Self.format(settings.sessionLifetime))): set session_lifetime to the IAM Identity "
                            + "Center session duration",
                        remedy: "set session_lifetime of the probe to the IAM Identity Center session duration")
            } else if end.timeIntervalSince(now) <= settings.sessionWarning.secondsValue {
                finding = .degraded(
                    subject,
                    "it ends around \(Timestamp.string(end)) (forecast), within \(Self.format(settings.sessionWarning))",
                    remedy: login)
            }
        }
        return finding
    }

    /// The finding for a session that works and has nothing due soon.
    func healthy(_ token: SSOToken, prefix: String? = nil) -> Finding {
        var parts: [String] = prefix.map { [$0] } ?? []
        if let expiresAt = token.expiresAt { parts.append("access token valid until \(Timestamp.string(expiresAt))") }
        if let chainIndex {
            let end = record.chains[chainIndex].forecastEnd(lifetime: settings.sessionLifetime)
            parts.append("session ends around \(Timestamp.string(end)) (forecast)")
        }
        let summary = subject.sentence("is healthy") + (parts.isEmpty ? "" : ": " + parts.joined(separator: "; "))
        return Finding(state: .ok, summary: summary)
    }

    /// A duration as the configuration writes it, in whole minutes or more.
    static func format(_ duration: Duration) -> String {
        let seconds = Int64(duration.secondsValue.rounded())
        return ConfigDuration.format(.seconds(seconds >= 60 ? seconds / 60 * 60 : seconds))
    }
}
