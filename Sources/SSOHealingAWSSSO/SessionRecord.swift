import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What the probe remembers about one token cache between runs: its last refresh attempt (for the
/// once-a-minute limit) and when each session was first seen (for the forecast of its end).
///
/// Refresh tokens are never stored, only one-way keys of them (``TokenKey``).
struct SessionRecord: Codable, Sendable, Equatable {
    /// The format's version.
    var version = 1
    /// The last refresh attempt, ours, for this cache file.
    var lastAttempt: RefreshAttempt?
    /// The last refresh known to have succeeded (ours, or the CLI's as its write time).
    var lastRefresh: Date?
    /// Sessions seen in this cache file, oldest first.
    var chains: [SessionChain] = []
    /// The last role check of each watched profile, by profile name.
    var roleChecks: [String: RoleCheck]?
    /// The last check that found the session working (ok).
    var lastGood: Date?

    /// When the session was last known to work: its last good check or refresh, if any.
    var lastKnownGood: Date? { [lastGood, lastRefresh].compactMap { $0 }.max() }

    /// How many sessions are remembered per cache file.
    static let maxChains = 8
    /// How many refresh token keys are remembered per session.
    static let maxTokensPerChain = 8

    /// The session whose chain holds `tokenKey`.
    func chainIndex(holding tokenKey: String) -> Int? {
        chains.firstIndex { $0.tokens.contains(tokenKey) }
    }

    /// Finds the session the refresh token with key `tokenKey` belongs to, or starts one at `now`.
    ///
    /// A key already seen belongs to its chain. A key rotated from a known one (`rotatedFrom`,
    /// when we refreshed ourselves or watched the CLI do it) joins that chain. Otherwise a key
    /// that another tool rotated is matched on the same client, start URL and registration end,
    /// in a session still alive when last seen: the CLI keeps those across refreshes, while a
    /// login after an expiry starts a new chain. A login while the old session still lives is
    /// taken for a rotation, which keeps the earlier (safer) forecast.
    mutating func chain(
        for tokenKey: String, identity: SessionChain.Identity, rotatedFrom: String? = nil, now: Date
    ) -> Int {
        if let index = chainIndex(holding: tokenKey) { return index }
        let match =
            rotatedFrom.flatMap { chainIndex(holding: $0) }
            ?? chains.lastIndex { $0.alive && $0.identity == identity }
        if let index = match {
            chains[index].tokens.append(tokenKey)
            if chains[index].tokens.count > Self.maxTokensPerChain {
                chains[index].tokens.removeFirst(chains[index].tokens.count - Self.maxTokensPerChain)
            }
            return index
        }
        chains.append(SessionChain(id: tokenKey, tokens: [tokenKey], firstSeen: now, identity: identity, alive: true))
        if chains.count > Self.maxChains { chains.removeFirst(chains.count - Self.maxChains) }
        return chains.count - 1
    }

    /// Records that the session holding `tokenKey` cannot be refreshed any more.
    mutating func markEnded(tokenKey: String) {
        if let index = chainIndex(holding: tokenKey) { chains[index].alive = false }
    }
}

/// One refresh attempt: when, with which refresh token (its key), and how it ended.
struct RefreshAttempt: Codable, Sendable, Equatable {
    /// When it was made.
    var at: Date
    /// The key of the refresh token used.
    var token: String
    /// Whether a new access token was issued.
    var succeeded: Bool
    /// The key of the refresh token the cache held afterwards.
    var resultToken: String?
    /// What a failure meant, so that a check within the rate limit can repeat it.
    var failure: Finding?
}

/// One IAM Identity Center session, as a chain of refresh tokens (their keys).
struct SessionChain: Codable, Sendable, Equatable {
    /// What stays the same when the CLI refreshes: client, start URL and registration end.
    struct Identity: Codable, Sendable, Equatable {
        /// The key of the client id.
        var client: String?
        /// The start URL.
        var startURL: String?
        /// The registration end as written.
        var registrationExpiresAt: String?
    }

    /// The key of the first refresh token seen.
    var id: String
    /// Keys of the refresh tokens seen, oldest first.
    var tokens: [String]
    /// When the session was first seen: the start of the forecast.
    var firstSeen: Date
    /// Client, start URL and registration.
    var identity: Identity
    /// Whether the session refreshed (or was not known to fail) when last seen.
    var alive: Bool

    /// The forecast end of the session.
    func forecastEnd(lifetime: Duration) -> Date { firstSeen.addingTimeInterval(lifetime.secondsValue) }
}

/// One-way keys of credentials, for remembering which token is which without storing it.
enum TokenKey {
    /// The key of a refresh token.
    static func refreshToken(_ token: String) -> String { SHA1.hex("sso-self-healing refresh token\n" + token) }
    /// The key of a client id.
    static func client(_ clientID: String) -> String { SHA1.hex("sso-self-healing client\n" + clientID) }
}
