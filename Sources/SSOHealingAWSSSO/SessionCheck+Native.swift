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
        let portal: SSOPortalClient
        do {
            oidc = SSOOIDCClient(
                endpoint: try EndpointResolver.resolve(
                    .ssoOIDC, profile: profile, config: config, environment: environment),
                timeout: settings.timeout)
            portal = SSOPortalClient(
                endpoint: try EndpointResolver.resolve(
                    .sso, profile: profile, config: config, environment: environment),
                timeout: settings.timeout)
        } catch {
            return Finding(state: .unknown, summary: error.description)
        }
        logger.debug(
            "checking the SSO session",
            metadata: [
                "session": "\(profile.cacheKeySource)", "oidc": "\(oidc.endpoint.source)",
                "portal": "\(portal.endpoint.source)",
            ])
        if profile.isLegacy { return await runLegacy(token, portal: portal) }

        if let registration = token.registrationExpiresAt, registration <= now() {
            if let refreshToken = token.refreshToken { record.markEnded(tokenKey: TokenKey.refreshToken(refreshToken)) }
            return .expired(
                profile.name, "the client registration ended at \(Timestamp.string(registration))", remedy: login)
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

        if let account = profile.accountID, let role = profile.roleName {
            var outcome = await portal.roleCredentials(
                accessToken: token.accessToken ?? "", accountID: account, roleName: role)
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
            if let finding = roleFinding(outcome, account: account, role: role) { return finding }
            logger.debug(
                "the SSO portal issued role credentials", metadata: ["account": "\(account)", "role": "\(role)"])
        }
        return pending ?? warnings(token) ?? healthy(token)
    }

    /// A legacy profile: its token cannot be refreshed, so it works until the access token ends.
    private mutating func runLegacy(_ token: SSOToken, portal: SSOPortalClient) async -> Finding {
        guard let expiresAt = token.expiresAt else { return cacheProblem(.corrupt(reason: "no expiresAt")) }
        details["session_expires_at"] = Timestamp.string(expiresAt)
        if expiresAt <= now() {
            return .expired(
                profile.name,
                "access token expired at \(Timestamp.string(expiresAt)) (a legacy profile cannot refresh)",
                remedy: login)
        }
        if let account = profile.accountID, let role = profile.roleName {
            let outcome = await portal.roleCredentials(
                accessToken: token.accessToken ?? "", accountID: account, roleName: role)
            if case .rejected(let error) = outcome, error.status == 401 {
                return .expired(profile.name, "the SSO portal rejects the access token (401)", remedy: login)
            }
            if let finding = roleFinding(outcome, account: account, role: role) { return finding }
        }
        return .degraded(
            profile.name,
            "legacy profile: the access token cannot be refreshed and ends at \(Timestamp.string(expiresAt))",
            remedy: legacyRemedy)
    }

    /// The finding for the portal's answer, or `nil` when it issued credentials.
    private func roleFinding(_ outcome: SSOPortalClient.Outcome, account: String, role: String) -> Finding? {
        switch outcome {
        case .issued:
            return nil
        case .rejected(let error) where error.status == 403:
            return .degraded(profile.name, "role \(role) in account \(account) is not assigned (403 \(error.label))")
        case .rejected(let error) where error.status == 404:
            return .degraded(profile.name, "role \(role) in account \(account) was not found (404 \(error.label))")
        case .rejected(let error):
            return .degraded(profile.name, "cannot get role credentials: " + FindingText.failure(of: .sso, error))
        case .unreachable(let error):
            return .degraded(profile.name, "cannot get role credentials: " + FindingText.failure(of: .sso, error))
        case .malformed(let reason):
            return .degraded(profile.name, "the SSO portal sent an unusable answer (\(reason))")
        }
    }

    private func freshTokenRejected() -> Finding {
        .expired(profile.name, "the SSO portal rejects a freshly refreshed access token (401)", remedy: login)
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
                        profile.name,
                        "the SSO portal rejects the access token (401) and it cannot be refreshed (\(lacking))",
                        remedy: login))
            }
            if expiresAt <= now {
                return .final(
                    .expired(
                        profile.name,
                        "access token expired at \(Timestamp.string(expiresAt)) and cannot be refreshed (\(lacking))",
                        remedy: login))
            }
            return .kept(
                .degraded(
                    profile.name,
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
            return .final(.degraded(profile.name, "\(what); the next refresh attempt is due within a minute"))
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
                if !superseded, let current = rotatedByAnotherWriter(than: refreshToken) {
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
                let finding = Finding.expired(profile.name, FindingText.refusal(code), remedy: login)
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
                profile.name, "the SSO portal rejects the access token (401) and the refresh failed: \(reason)")
        } else if expiresAt <= now() {
            finding = .degraded(profile.name, "cannot refresh the expired access token: \(reason)")
        } else {
            finding = .degraded(
                profile.name, "cannot refresh: \(reason); the access token works until \(Timestamp.string(expiresAt))")
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
            let finding = Finding.degraded(
                profile.name,
                "the refresh worked but the token cache cannot be written: \(error.reason) (\(cache.path))")
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

    /// The cache's token when its refresh token is no longer `used` (another program rotated it).
    private func rotatedByAnotherWriter(than used: String) -> SSOToken? {
        guard case .token(let current, _) = cache.readOnce(), let now = current.refreshToken, now != used else {
            return nil
        }
        return current
    }
}
