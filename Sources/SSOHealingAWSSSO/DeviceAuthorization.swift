import Logging
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The healing step: an SSO OIDC device authorization for one session, done natively as the AWS
/// CLI v2's `aws sso login --use-device-code` does it, but split into steps that separate
/// processes can take in turns:
///
/// 1. ``ensurePending()``: reuse the pending authorization, or register a client if the
///    registration cache has no usable one (`RegisterClient`: public, scopes from
///    `sso_registration_scopes` or `sso:account:access`, device-code and refresh-token grants;
///    written to the CLI's registration cache) and start one (`StartDeviceAuthorization`);
/// 2. ``poll()``: one `CreateToken` with the device-code grant when the interval has passed
///    (`authorization_pending` waits, `slow_down` adds 5 s, `expired_token` and `access_denied`
///    end it); on approval, write the token cache exactly as the CLI does.
///
/// The state lives in ``SessionStateStore`` (``PendingAuthorization``); callers hold the
/// session's lock (an `flock`, which a reused PID cannot fake) around every step, so a daemon and
/// any number of `check` runs never start two authorizations, nor poll twice within an interval.
struct DeviceAuthorization {
    /// The grant types the client registers for.
    static let grantTypes = [SSOOIDCClient.deviceCodeGrantType, "refresh_token"]
    /// The scope registered when `sso_registration_scopes` is not set: without it SSO OIDC issues
    /// no refresh token, and the session could not be kept alive.
    static let defaultScopes = ["sso:account:access"]
    /// What `slow_down` adds to the interval (RFC 8628, botocore's `_SLOW_DOWN_DELAY`).
    static let slowDownDelay = 5

    let profile: SSOProfile
    /// How summaries name the session.
    var subject: SessionSubject? = nil
    let oidc: SSOOIDCClient
    let tokenCache: TokenCache
    let registrationCache: RegistrationCache
    let store: SessionStateStore
    let now: @Sendable () -> Date
    let logger: Logger

    /// The sentence for a renewed session.
    var renewedSummary: String {
        (subject ?? SessionSubject(name: profile.cacheKeySource, profiles: [profile.name]))
            .sentence("renewed by device authorization")
    }

    /// The pending authorization, or a new one when none is pending.
    func ensurePending() async -> HealingStatus {
        if let current = store.loadLogin(), current.isPending(at: now()) {
            return .pending(current.link, nextPollAt: current.nextPollAt)
        }
        let registration: SSOOIDCClient.Registration
        if let cached = registrationCache.usableRegistration(at: now()) {
            registration = cached
        } else {
            let name = "sso-self-healing-" + (profile.sessionName ?? String(Int(now().timeIntervalSince1970)))
            switch await oidc.registerClient(
                clientName: name,
                scopes: profile.registrationScopes.flatMap { $0.isEmpty ? nil : $0 }
                    ?? Self.defaultScopes, grantTypes: Self.grantTypes)
            {
            case .success(let issued):
                registration = issued
            case let other:
                return .failed("cannot register a client: " + Self.reason(other))
            }
            do {
                try registrationCache.write(registration)
            } catch {
                return .failed("cannot write the client registration cache: \(error.reason) (\(error.path))")
            }
            logger.info(
                "registered an SSO OIDC client",
                metadata: ["expires_at": "\(Timestamp.string(registration.expiresAt))"])
        }
        let grant: SSOOIDCClient.DeviceAuthorizationGrant
        switch await oidc.startDeviceAuthorization(registration: registration, startURL: profile.startURL) {
        case .success(let started): grant = started
        case let other: return .failed("cannot start a device authorization: " + Self.reason(other))
        }
        // Whole seconds: what the state file keeps, so every process sees the same moments.
        let started = Date(timeIntervalSince1970: now().timeIntervalSince1970.rounded(.down))
        let pending = PendingAuthorization(
            status: .pending, startedAt: started,
            link: LoginLink(
                url: grant.verificationURIComplete, userCode: grant.userCode,
                expiresAt: started.addingTimeInterval(Double(grant.expiresIn))),
            interval: grant.interval, nextPollAt: started.addingTimeInterval(Double(grant.interval)),
            deviceCode: grant.deviceCode, clientID: registration.clientID, clientSecret: registration.clientSecret,
            registrationExpiresAt: registration.expiresAt)
        do {
            try store.saveLogin(pending)
        } catch {
            return .failed("cannot remember the device authorization: \(error)")
        }
        logger.info(
            "started a device authorization",
            metadata: [
                "user_code": "\(grant.userCode)", "expires_at": "\(Timestamp.string(pending.link.expiresAt))",
            ])
        return .pending(pending.link, nextPollAt: pending.nextPollAt)
    }

    /// Polls the pending authorization once if its interval has passed. An authorization that
    /// ended at or after `since` reports how it ended; one that ended before counts as none.
    func poll(since: Date = .distantPast) async -> HealingStatus {
        guard var pending = store.loadLogin() else { return .idle }
        let moment = now()
        guard pending.status == .pending else { return ended(pending, since: since) }
        guard pending.link.expiresAt > moment else {
            return finish(&pending, .expired, "the login link expired at \(Timestamp.string(pending.link.expiresAt))")
        }
        guard moment >= pending.nextPollAt else { return .pending(pending.link, nextPollAt: pending.nextPollAt) }
        guard let deviceCode = pending.deviceCode, let clientID = pending.clientID,
            let clientSecret = pending.clientSecret
        else { return finish(&pending, .denied, "the device authorization's state is incomplete") }
        let registration = SSOOIDCClient.Registration(
            clientID: clientID, clientSecret: clientSecret, expiresAt: pending.registrationExpiresAt)
        let outcome = await oidc.createToken(registration: registration, deviceCode: deviceCode)
        let answered = now()
        switch outcome {
        case .issued(let token):
            do {
                try writeToken(token, registration: registration, at: answered)
            } catch {
                // Keep polling state: the token is lost, but the link is spent; say so.
                return finish(&pending, .denied, "approved, but the token cache cannot be written: \(error.reason)")
            }
            _ = finish(&pending, .approved, renewedSummary)
            logger.info(
                "the device authorization was approved; token cache written", metadata: ["file": "\(tokenCache.path)"])
            return .renewed(renewedSummary)
        case .rejected(let error):
            switch error.code {
            case "authorization_pending":
                break
            case "slow_down":
                pending.interval += Self.slowDownDelay
            case "expired_token":
                return finish(&pending, .expired, "the login link expired unapproved (expired_token)")
            case "access_denied":
                return finish(&pending, .denied, "the login was denied (access_denied)")
            case let code?
            where ["invalid_client", "invalid_grant", "unauthorized_client", "invalid_request"].contains(code):
                return finish(&pending, .denied, "SSO OIDC refused the device authorization (\(code))")
            default:
                logger.debug("polling failed; will retry", metadata: ["error": "\(error.label)"])
            }
        case .unreachable(let error):
            logger.debug(
                "polling failed; will retry", metadata: ["error": "\(FindingText.failure(of: .ssoOIDC, error))"])
        case .malformed(let reason):
            logger.debug("polling failed; will retry", metadata: ["error": "\(reason)"])
        }
        // Rounded up to whole seconds (the state file's precision), so no poll comes early.
        pending.nextPollAt = Date(
            timeIntervalSince1970: answered.addingTimeInterval(Double(pending.interval)).timeIntervalSince1970.rounded(
                .up))
        try? store.saveLogin(pending)
        return .pending(pending.link, nextPollAt: pending.nextPollAt)
    }

    private func finish(
        _ pending: inout PendingAuthorization, _ status: PendingAuthorization.Status, _ reason: String
    ) -> HealingStatus {
        pending.end(status, reason: reason, at: now())
        do {
            try store.saveLogin(pending)
        } catch {
            logger.warning("cannot record how the device authorization ended", metadata: ["error": "\(error)"])
        }
        if status != .approved { logger.info("the device authorization ended", metadata: ["reason": "\(reason)"]) }
        return status == .approved ? .renewed(reason) : .ended(reason)
    }

    private func ended(_ pending: PendingAuthorization, since: Date) -> HealingStatus {
        guard let endedAt = pending.endedAt, endedAt >= since else { return .idle }
        let reason = pending.endReason ?? pending.status.rawValue
        return pending.status == .approved ? .renewed(reason) : .ended(reason)
    }

    /// Writes the new token exactly as the AWS CLI v2's `SSOTokenFetcher` caches it.
    private func writeToken(
        _ token: SSOOIDCClient.IssuedToken, registration: SSOOIDCClient.Registration, at moment: Date
    ) throws(AtomicFile.WriteError) {
        var fields: [(String, JSONValue)] = [
            ("startUrl", .string(profile.startURL)), ("region", .string(profile.region)),
            ("accessToken", .string(token.accessToken)),
            ("expiresAt", .string(CacheDate.string(moment.addingTimeInterval(Double(token.expiresIn))))),
            ("clientId", .string(registration.clientID)), ("clientSecret", .string(registration.clientSecret)),
            ("registrationExpiresAt", .string(CacheDate.string(registration.expiresAt))),
        ]
        if let refreshToken = token.refreshToken { fields.append(("refreshToken", .string(refreshToken))) }
        let directory = PathString.parent(of: tokenCache.path)
        if !FileManager.default.fileExists(atPath: directory) { try AtomicFile.makePrivateDirectory(directory) }
        try AtomicFile.write(Data(PythonJSON.dumps(.object(fields)).utf8), to: tokenCache.path, mode: 0o600)
    }

    private static func reason<Value>(_ outcome: SSOOIDCClient.CallOutcome<Value>) -> String {
        switch outcome {
        case .success: "no error"
        case .rejected(let error): FindingText.failure(of: .ssoOIDC, error)
        case .unreachable(let error): FindingText.failure(of: .ssoOIDC, error)
        case .malformed(let reason): "SSO OIDC sent an unusable answer (\(reason))"
        }
    }
}
