import Logging
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Native mode: refresh through SSO OIDC when due, then ask the SSO portal for role credentials.
extension SessionCheck {
    /// How often a session's refresh may be attempted.
    static let refreshAttemptInterval: TimeInterval = 60

    /// How one refresh step ended.
    enum RefreshStep {
        /// A new access token is in hand (ours, or one another program wrote meanwhile).
        case refreshed
        /// Nothing to do now, or a problem that still leaves the current access token usable.
        case kept(Finding?)
        /// The check ends with this finding.
        case final(Finding)
    }

    /// Runs the native check.
    mutating func runNative() async -> Finding {
        let read = await cache.read()
        guard case .token(var token, let modified) = read else { return cacheProblem(read) }
        note(token)
        let oidc: SSOOIDCClient
        let portals: [String: SSOPortalClient]
        do {
            oidc = SSOOIDCClient(
                endpoint: try EndpointResolver.resolve(
                    .ssoOIDC, profile: profile, config: config, environment: environment),
                timeout: settings.timeout)
            portals = try self.portals(for: roleProfiles)
        } catch {
            return Finding(
                state: .unknown, summary: error.description,
                remedy: FindingText.endpointRemedy)
        }
        logger.debug(
            "checking the SSO session",
            metadata: [
                "session": "\(session.key)", "oidc": "\(oidc.endpoint.source)", "profiles": "\(session.profiles.count)",
            ])
        if session.isLegacy { return await runLegacy(token, portals: portals) }

        if let registration = token.registrationExpiresAt, registration <= now() {
            if let refreshToken = token.refreshToken { record.markEnded(tokenKey: TokenKey.refreshToken(refreshToken)) }
            return .expired(
                subject, "the client registration ended at \(Timestamp.string(registration))", remedy: login)
        }
        observe(token, modified: modified)

        var pending: Finding?
        var refreshedNow = false
        if let expiresAt = token.expiresAt, expiresAt.timeIntervalSince(now()) < settings.refreshWindow.secondsValue {
            switch await refresh(&token, with: oidc, afterUnauthorized: false) {
            case .refreshed: refreshedNow = true
            case .kept(let finding): pending = finding
            case .final(let finding): return finding
            }
        }

        let roles = roleProfiles
        if let first = roles.first, let portal = portals[first.name], let account = first.accountID,
            let role = first.roleName
        {
            // The first role proves the token; a 401 gets one refresh (or another writer's token).
            var outcome = await portal.roleCredentials(
                accessToken: token.accessToken ?? "", accountID: account, roleName: role)
            if case .rejected(let error) = outcome, error.status == 401 {
                if let renewed = await renewedByAnotherWriter(than: token, settle: .zero) {
                    logger.debug("the SSO portal rejected the access token, but another program renewed it; retrying")
                    token = renewed
                    note(token)
                    observe(token, modified: nil)
                    outcome = await portal.roleCredentials(
                        accessToken: token.accessToken ?? "", accountID: account, roleName: role)
                    refreshedNow = true
                }
            }
            if case .rejected(let error) = outcome, error.status == 401 {
                guard !refreshedNow else { return freshTokenRejected() }
                logger.debug("the SSO portal rejected the access token; refreshing once", metadata: ["status": "401"])
                switch await refresh(&token, with: oidc, afterUnauthorized: true) {
                case .refreshed:
                    outcome = await portal.roleCredentials(
                        accessToken: token.accessToken ?? "", accountID: account, roleName: role)
                    if case .rejected(let error) = outcome, error.status == 401 { return freshTokenRejected() }
                case .kept(let finding):
                    return finding ?? freshTokenRejected()
                case .final(let finding):
                    return finding
                }
            }
            noteRole(first, outcome)
            var answers = [(first, outcome)]
            if Self.roleProblem(outcome, profile: first) == nil || roles.count > 1 {
                answers += await checkRoles(
                    rolesDue(Array(roles.dropFirst())), accessToken: token.accessToken ?? "", portals: portals)
            }
            if let finding = roleFinding(answers) { return finding }
        }
        return pending ?? warnings(token) ?? healthy(token)
    }

    /// A legacy profile: its token cannot be refreshed, so it works until the access token ends.
    private mutating func runLegacy(_ token: SSOToken, portals: [String: SSOPortalClient]) async -> Finding {
        guard let expiresAt = token.expiresAt else { return cacheProblem(.corrupt(reason: "no expiresAt")) }
        details["session_expires_at"] = Timestamp.string(expiresAt)
        if expiresAt <= now() {
            return .expired(
                subject,
                "access token expired at \(Timestamp.string(expiresAt)) (a legacy profile cannot refresh)",
                remedy: login)
        }
        let roles = roleProfiles
        // The first role proves the token every time; the others when due.
        let answers = await checkRoles(
            Array(roles.prefix(1)) + rolesDue(Array(roles.dropFirst())), accessToken: token.accessToken ?? "",
            portals: portals)
        if let first = answers.first, case .rejected(let error) = first.1, error.status == 401 {
            return .expired(subject, "the SSO portal rejects the access token (401)", remedy: login)
        }
        if let finding = roleFinding(answers) { return finding }
        return .degraded(
            subject,
            "legacy profile: the access token cannot be refreshed and ends at \(Timestamp.string(expiresAt))",
            remedy: legacyRemedy)
    }

    private func freshTokenRejected() -> Finding {
        .expired(subject, "the SSO portal rejects a freshly refreshed access token (401)", remedy: login)
    }

    /// Refreshes `token` through `oidc`, at most once a minute per session, writing the cache back.
    ///
    /// `afterUnauthorized` is set when the portal just rejected the access token: then a token
    /// that cannot be refreshed is expired even if its expiry date is still ahead.
    mutating func refresh(
        _ token: inout SSOToken, with oidc: SSOOIDCClient, afterUnauthorized: Bool, superseded: Bool = false
    ) async -> RefreshStep {
        let now = now()
        let expiresAt = token.expiresAt ?? now
        let unusable = afterUnauthorized || expiresAt <= now
        let missing = token.missingRefreshKeys
        guard missing.isEmpty, let refreshToken = token.refreshToken, let clientID = token.clientID,
            let clientSecret = token.clientSecret
        else {
            let lacking = "no " + missing.joined(separator: ", ") + " in the cache"
            if afterUnauthorized {
                return .final(
                    .expired(
                        subject,
                        "the SSO portal rejects the access token (401) and it cannot be refreshed (\(lacking))",
                        remedy: login))
            }
            if expiresAt <= now {
                return .final(
                    .expired(
                        subject,
                        "access token expired at \(Timestamp.string(expiresAt)) and cannot be refreshed (\(lacking))",
                        remedy: login))
            }
            return .kept(
                .degraded(
                    subject,
                    "access token ends at \(Timestamp.string(expiresAt)) and cannot be refreshed (\(lacking))",
                    remedy: login))
        }
        let key = TokenKey.refreshToken(refreshToken)
        if !superseded, let last = record.lastAttempt, isRateLimited(key: key, last: last, now: now) {
            logger.debug("refresh skipped: one attempt a minute", metadata: ["session": "\(profile.cacheKeySource)"])
            if last.succeeded && last.resultToken == key {
                return afterUnauthorized ? .final(freshTokenRejected()) : .kept(nil)
            }
            if !last.succeeded, last.token == key, let failure = last.failure {
                return failure.state == .expired || unusable ? .final(failure) : .kept(failure)
            }
            guard unusable else { return .kept(nil) }
            let what =
                afterUnauthorized
                ? "the SSO portal rejects the access token (401)"
                : "access token expired at \(Timestamp.string(expiresAt))"
            return .final(
                .degraded(
                    subject, "\(what); the next refresh attempt is due within a minute",
                    remedy: "none: the next check tries again"))
        }

        record.lastAttempt = RefreshAttempt(at: now, token: key, succeeded: false)
        logger.debug(
            "refreshing the access token",
            metadata: ["session": "\(profile.cacheKeySource)", "endpoint": "\(oidc.endpoint.source)"])
        switch await oidc.refresh(clientID: clientID, clientSecret: clientSecret, refreshToken: refreshToken) {
        case .issued(let issued):
            return store(issued, replacing: &token, usedKey: key)
        case .rejected(let error):
            if let code = error.code, FindingText.loginRequiredCodes.contains(code) {
                if !superseded, let current = await renewedByAnotherWriter(than: token) {
                    // Another program refreshed meanwhile and rotated the token we just used.
                    logger.debug("the cache changed during the refresh; using the new token")
                    token = current
                    note(token)
                    observe(token, modified: nil, rotatedFrom: key)
                    guard let currentExpiry = token.expiresAt,
                        currentExpiry.timeIntervalSince(self.now()) < settings.refreshWindow.secondsValue
                    else { return .refreshed }
                    return await refresh(&token, with: oidc, afterUnauthorized: afterUnauthorized, superseded: true)
                }
                let finding = Finding.expired(subject, FindingText.refusal(code), remedy: login)
                record.lastAttempt?.failure = finding
                record.markEnded(tokenKey: key)
                logger.debug("the refresh was refused", metadata: ["code": "\(code)"])
                return .final(finding)
            }
            return failedRefresh(
                FindingText.failure(of: .ssoOIDC, error), expiresAt: expiresAt, afterUnauthorized: afterUnauthorized)
        case .unreachable(let error):
            return failedRefresh(
                FindingText.failure(of: .ssoOIDC, error), expiresAt: expiresAt, afterUnauthorized: afterUnauthorized)
        case .malformed(let reason):
            return failedRefresh(
                "SSO OIDC sent an unusable answer (\(reason))", expiresAt: expiresAt,
                afterUnauthorized: afterUnauthorized)
        }
    }

    /// Whether an attempt with `key` now would break the once-a-minute limit set by `last`.
    private func isRateLimited(key: String, last: RefreshAttempt, now: Date) -> Bool {
        let elapsed = now.timeIntervalSince(last.at)
        guard elapsed >= 0, elapsed < Self.refreshAttemptInterval else { return false }
        if key == last.token || key == last.resultToken { return true }
        guard let chain = record.chainIndex(holding: key) else { return false }
        return chain == record.chainIndex(holding: last.token)
    }

    /// A refresh that failed in a way that may pass (network, 5xx, 429, …): degraded.
    private mutating func failedRefresh(_ reason: String, expiresAt: Date, afterUnauthorized: Bool) -> RefreshStep {
        let finding: Finding
        if afterUnauthorized {
            finding = .degraded(
                subject, "the SSO portal rejects the access token (401) and the refresh failed: \(reason)",
                remedy: FindingText.transientRemedy)
        } else if expiresAt <= now() {
            finding = .degraded(
                subject, "cannot refresh the expired access token: \(reason)", remedy: FindingText.transientRemedy)
        } else {
            finding = .degraded(
                subject, "cannot refresh: \(reason); the access token works until \(Timestamp.string(expiresAt))",
                remedy: FindingText.transientRemedy)
        }
        record.lastAttempt?.failure = finding
        logger.debug("the refresh failed", metadata: ["reason": "\(reason)"])
        return afterUnauthorized || expiresAt <= now() ? .final(finding) : .kept(finding)
    }

    /// Writes a freshly issued token into the cache, keeping every other key (re-reading the file
    /// first, so that keys another program added meanwhile survive).
    private mutating func store(
        _ issued: SSOOIDCClient.IssuedToken, replacing token: inout SSOToken, usedKey: String
    ) -> RefreshStep {
        let refreshedAt = now()
        var base = token
        if case .token(let current, _) = cache.readOnce() { base = current }
        let updated = base.refreshed(
            accessToken: issued.accessToken, expiresAt: refreshedAt.addingTimeInterval(Double(issued.expiresIn)),
            refreshToken: issued.refreshToken ?? token.refreshToken)
        do {
            try cache.write(updated)
        } catch {
            details["token_cache"] = cache.path
            let finding = Finding.degraded(
                subject, "the refresh worked but the token cache cannot be written: \(error.reason)",
                remedy: "let this user write the token cache and its directory (the path is in the details: "
                    + "token_cache)")
            record.lastAttempt?.failure = finding
            return .final(finding)
        }
        let newKey = updated.refreshToken.map(TokenKey.refreshToken) ?? usedKey
        record.lastAttempt?.succeeded = true
        record.lastAttempt?.resultToken = newKey
        record.lastRefresh = refreshedAt
        token = updated
        note(token)
        observe(token, modified: nil, rotatedFrom: usedKey)
        logger.debug(
            "refreshed the access token",
            metadata: [
                "expires_at": "\(details["access_token_expires_at"] ?? "")", "rotated": "\(issued.refreshToken != nil)",
            ])
        return .refreshed
    }

    /// How long a lost refresh race waits for the winner to write the cache.
    static let raceSettleTime: Duration = .milliseconds(600)

    /// The cache's token when another program renewed the session since `used` was read: it
    /// rotated the refresh token, or wrote another access token that is still valid. A refresh
    /// that lost a race to another program (`invalid_grant` for a token it just rotated) or a
    /// portal 401 for a token it just replaced is then not an expiry. The winner writes the cache
    /// right after its answer, so this waits up to ``raceSettleTime`` for the file to change.
    func renewedByAnotherWriter(than used: SSOToken, settle: Duration = raceSettleTime) async -> SSOToken? {
        let deadline = ContinuousClock.now + settle
        while true {
            if case .token(let current, _) = cache.readOnce() {
                if let rotated = current.refreshToken, rotated != used.refreshToken { return current }
                if current.accessToken != used.accessToken, let expiresAt = current.expiresAt, expiresAt > now() {
                    return current
                }
            }
            guard ContinuousClock.now < deadline, !Task.isCancelled else { return nil }
            try? await Task.sleep(for: .milliseconds(25))
        }
    }
}
