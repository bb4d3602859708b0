import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// Native mode against the fakes: every classification rule.
@Suite struct NativeCheckTests {
    /// The remedy on the fakes' machine: headless, so this program's own login.
    static let login = "sso-self-healing login --sso-session fake-session"
    /// Short timeouts, so that `.slow` faults fail fast.
    static let quick = AWSSSOProbe.Settings(timeout: .seconds(1))

    @Test func aFreshSessionIsHealthyWithoutARefresh() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let result = await harness.probe().check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(
            result.summary.hasPrefix("SSO session fake-session is healthy (profile fake): access token valid until "))
        #expect(result.remedy == nil)
        #expect(harness.aws.tokenRequestCount == 0)
        #expect(harness.aws.roleCredentialRequestCount == 1)
        #expect(
            Set(result.details.keys).isSuperset(of: [
                "access_token_expires_at", "session_expires_at", "registration_expires_at", "session_name", "start_url",
                "mode", "account_id", "role_name",
            ]))
        #expect(result.details["mode"] == "native" && result.details["session_name"] == "fake-session")
        #expect(result.details["account_id"] == "111122223333" && result.details["role_name"] == "FakeRole")
        #expect(result.details["start_url"] == harness.setup.startURL)
        #expect(result.details["last_refresh"] == nil)
    }

    @Test(arguments: [FakeAWSProfile.Endpoints.environment, .servicesSection])
    func aTokenNearItsEndIsRefreshedAndWrittenBack(endpoints: FakeAWSProfile.Endpoints) async throws {
        let harness = try SessionHarness(endpoints: endpoints, accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        let before = try #require(harness.cachedToken())
        let result = await harness.probe().check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.tokenRequestCount == 1)
        let after = try #require(harness.cachedToken())
        #expect(after.accessToken != before.accessToken && after.refreshToken != before.refreshToken)
        #expect(harness.aws.isValidRefreshToken(after.refreshToken ?? ""))
        #expect(!harness.aws.isValidRefreshToken(harness.secrets.refreshToken))
        #expect(
            after.clientSecret == before.clientSecret
                && after.registrationExpiresAtText == before.registrationExpiresAtText)
        #expect(result.details["last_refresh"] != nil)
        #expect(result.details["access_token_expires_at"] == after.expiresAt.map(Timestamp.string))
        #expect(FilePermissionsProbe.mode(of: harness.setup.cachePath) == 0o600)
    }

    @Test func aServiceThatDoesNotRotateKeepsTheCachedRefreshToken() async throws {
        let harness = try SessionHarness(
            configuration: FakeAWS.Configuration(refreshTokenRotation: .none), accessTokenExpiresIn: -60)
        defer { harness.remove() }
        let result = await harness.probe().check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.cachedToken()?.refreshToken == harness.secrets.refreshToken)
        #expect(harness.cachedToken()?.accessToken != harness.secrets.accessToken)
    }

    @Test func theRefreshWindowIsASetting() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 30 * 60)
        defer { harness.remove() }
        _ = await harness.probe().check()
        #expect(harness.aws.tokenRequestCount == 0, "30 minutes left is outside the default 15")
        _ = await harness.probe(AWSSSOProbe.Settings(refreshWindow: .seconds(3600))).check()
        #expect(harness.aws.tokenRequestCount == 1)
    }

    @Test(arguments: [
        (FakeFault.rejectGrant, "refresh token rejected (invalid_grant)"),
        (.expiredToken, "refresh token expired (expired_token)"),
        (.rejectClient, "client registration rejected (invalid_client)"),
        (.unauthorizedClient, "client not authorized to refresh (unauthorized_client)"),
    ])
    func aRefusedRefreshIsExpiredWithTheLoginRemedy(fault: FakeFault, reason: String) async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        harness.aws.setFault(fault, on: .oidc)
        let result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(
            result.summary == "SSO session fake-session expired (profile fake): \(reason); never seen working here")
        #expect(result.remedy == Self.login)
        #expect(harness.cacheText().contains(harness.secrets.refreshToken), "a refused refresh leaves the cache alone")
    }

    static let transientFaults: [FakeFault] = [
        .serverError(500), .serverError(503), .throttle, .slow(.seconds(3)), .dropConnection, .stopped,
    ]

    @Test(arguments: transientFaults, [-60.0, 5 * 60.0])
    func anUnreachableOrFailingOIDCIsDegradedNeverExpired(fault: FakeFault, expiresIn: Double) async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: expiresIn)
        defer { harness.remove() }
        harness.aws.setFault(fault, on: .oidc)
        let result = await harness.probe(Self.quick).check()
        #expect(result.state == .degraded, "\(fault) with \(expiresIn) s left: \(result.summary)")
        #expect(result.summary.contains("SSO OIDC"), "\(result.summary)")
        if expiresIn > 0 {
            #expect(result.summary.contains("the access token works until"))
            #expect(harness.aws.roleCredentialRequestCount == 1, "the role is still checked with the current token")
        }
    }

    @Test(arguments: transientFaults)
    func anUnreachableOrFailingPortalIsDegraded(fault: FakeFault) async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        harness.aws.setFault(fault, on: .portal)
        let result = await harness.probe(Self.quick).check()
        #expect(result.state == .degraded, "\(fault): \(result.summary)")
        #expect(result.summary.contains("cannot get role credentials: the SSO portal"), "\(result.summary)")
    }

    @Test func aRoleNoLongerAssignedIsDegradedWithThatReason() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        harness.aws.unassignRole(harness.setup.assignment)
        var result = await harness.probe().check()
        #expect(result.state == .degraded)
        #expect(
            result.summary.contains("role FakeRole in account 111122223333 is not assigned (403"), "\(result.summary)")
        harness.aws.setFault(.notFound, on: .portal)
        result = await harness.probe().check()
        #expect(result.state == .degraded)
        #expect(
            result.summary.contains("role FakeRole in account 111122223333 was not found (404"), "\(result.summary)")
    }

    @Test func aRejectedAccessTokenIsRefreshedOnceAndTheRoleCheckedAgain() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        harness.aws.expireAccessTokens()
        let result = await harness.probe().check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.tokenRequestCount == 1)
        #expect(harness.aws.roleCredentialRequestCount == 2)
    }

    @Test(arguments: [5 * 60.0, 3600.0])
    func thePortalRejectingAFreshlyRefreshedTokenIsExpired(expiresIn: Double) async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: expiresIn)
        defer { harness.remove() }
        harness.aws.setFault(.rejectToken, on: .portal)
        let result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(
            result.summary
                == "SSO session fake-session expired (profile fake): the SSO portal rejects a freshly refreshed access token (401)"
                + "; last known good \(try #require(result.details["last_known_good"]))",
            "the refresh it made is the last sign of life")
        #expect(result.remedy == Self.login)
        #expect(harness.aws.tokenRequestCount == 1, "one fresh refresh, not more")
    }

    @Test func aSessionEndedOnTheServiceSideIsExpired() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        harness.aws.endSession(harness.session)
        let result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(
            result.summary
                == "SSO session fake-session expired (profile fake): refresh token rejected (invalid_grant); never seen "
                + "working here")
    }

    @Test func aRefreshRacingAnotherWriterUsesTheTokenThatWriterStored() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        // The cached refresh token is already spent; while our refresh with it is on its way, the
        // other writer (the CLI, say) stores the token it got.
        harness.aws.endSession(harness.session)
        let other = harness.aws.startSession(client: harness.client)
        harness.aws.setFault(.slow(.milliseconds(500)), on: .oidc)
        let probe = harness.probe(AWSSSOProbe.Settings(timeout: .seconds(10)))
        let check = Task { await probe.check() }
        #expect(await harness.aws.waitForRequests("CreateToken", count: 1))
        try harness.setup.writeTokenCache(other)
        let result = await check.value
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.cachedToken()?.refreshToken == other.refreshToken)
    }

    @Test func aMissingCacheIsExpiredAndNamesTheFileInTheDetailsNotTheSummary() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        try FileManager.default.removeItem(atPath: harness.setup.cachePath)
        let result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(
            result.summary
                == "SSO session fake-session expired (profile fake): no cached token; never seen working here")
        #expect(result.details["token_cache"] == harness.setup.cachePath)
        #expect(result.remedy == Self.login)
    }

    @Test func aCorruptCacheIsExpiredNamesTheFileInTheDetailsAndIsNeverOverwritten() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: -60)
        defer { harness.remove() }
        let damaged = String(harness.cacheText().dropLast(10))
        try Data(damaged.utf8).write(to: URL(fileURLWithPath: harness.setup.cachePath))
        let result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(
            result.summary
                == "SSO session fake-session expired (profile fake): the token cache is corrupt (not valid JSON); never "
                + "seen working here")
        #expect(result.details["token_cache"] == harness.setup.cachePath)
        #expect(harness.cacheText() == damaged)
        #expect(harness.aws.tokenRequestCount == 0)
    }

    @Test func noSummaryNamesTheTokenCacheFile() async throws {
        let breakages: [(String, @Sendable (SessionHarness) throws -> Void)] = [
            ("missing", { try FileManager.default.removeItem(atPath: $0.setup.cachePath) }),
            ("corrupt", { try Data("{".utf8).write(to: URL(fileURLWithPath: $0.setup.cachePath)) }),
            ("refused", { $0.aws.setFault(.rejectGrant, on: .oidc) }),
            ("unreachable", { $0.aws.setFault(.serverError(500), on: .oidc) }),
        ]
        for (name, breakage) in breakages {
            let harness = try SessionHarness(accessTokenExpiresIn: -60)
            defer { harness.remove() }
            try breakage(harness)
            for settings in [AWSSSOProbe.Settings(), AWSSSOProbe.Settings(mode: .cli, timeout: .seconds(20))] {
                let result = await harness.probe(settings).check()
                #expect(result.state != .ok, "\(name)")
                for text in [result.summary, result.remedy ?? ""] {
                    #expect(
                        !text.contains(harness.setup.cachePath) && !text.contains("/.aws/sso/cache"), "\(name): \(text)"
                    )
                }
                #expect(result.remedy?.isEmpty == false, "\(name): every failing result has a next step")
            }
        }
    }

    @Test func anExpiredTokenWithoutARefreshTokenIsExpired() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: -60, includeRefresh: false)
        defer { harness.remove() }
        let result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(
            result.summary.contains(
                "cannot be refreshed (no refreshToken, clientId, clientSecret, registrationExpiresAt in the cache)"))
    }

    @Test func aValidTokenWithoutARefreshTokenIsDegradedNearItsEnd() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60, includeRefresh: false)
        defer { harness.remove() }
        let result = await harness.probe().check()
        #expect(result.state == .degraded, "\(result.summary)")
        #expect(result.remedy == Self.login)
    }

    @Test func aRegistrationPastItsEndIsExpired() async throws {
        let harness = try SessionHarness(registrationExpiresIn: -60)
        defer { harness.remove() }
        let result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(result.summary.contains("the client registration ended at"))
        #expect(harness.aws.tokenRequestCount == 0)
    }

    @Test func aLegacyProfileIsDegradedWhileItsTokenLastsThenExpired() async throws {
        let harness = try SessionHarness(legacy: true)
        defer { harness.remove() }
        var result = await harness.probe().check()
        #expect(result.state == .degraded, "\(result.summary)")
        #expect(result.remedy == "add an sso-session to profile fake (legacy profiles cannot refresh)")
        #expect(result.details["session_name"] == nil && result.details["session_expires_at"] != nil)
        try harness.setCachedExpiry(in: -60)
        result = await harness.probe().check()
        #expect(result.state == .expired)
        #expect(result.details["last_known_good"] != nil && result.details["last_known_good"] != "never seen working")
        #expect(
            result.remedy == "sso-self-healing login --sso-session \(harness.setup.startURL)",
            "a headless machine: this program's login, which takes a legacy session's start URL")
        #expect(harness.aws.tokenRequestCount == 0)
    }

    @Test func refreshesAreAttemptedAtMostOnceAMinutePerSession() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: -60)
        defer { harness.remove() }
        let clock = ManualClock()
        harness.aws.setFault(.serverError(500), on: .oidc)
        var result = await harness.probe(now: clock.function).check()
        #expect(result.state == .degraded && harness.aws.tokenRequestCount == 1)
        clock.advance(by: 30)
        result = await harness.probe(now: clock.function).check()
        #expect(result.state == .degraded && harness.aws.tokenRequestCount == 1, "\(result.summary)")
        clock.advance(by: 31)
        harness.aws.setFault(.rejectGrant, on: .oidc)
        result = await harness.probe(now: clock.function).check()
        #expect(result.state == .expired && harness.aws.tokenRequestCount == 2)
        clock.advance(by: 10)
        result = await harness.probe(now: clock.function).check()
        #expect(result.state == .expired && harness.aws.tokenRequestCount == 2, "the refusal is remembered")
        #expect(result.summary.contains("invalid_grant"))
    }

    @Test func aProfileWithoutARoleIsCheckedByItsRefreshAlone() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60)
        defer { harness.remove() }
        let text = harness.setup.configText(for: harness.aws).split(separator: "\n", omittingEmptySubsequences: false)
            .filter { !$0.hasPrefix("sso_account_id") && !$0.hasPrefix("sso_role_name") }.joined(separator: "\n")
        try Data(text.utf8).write(to: URL(fileURLWithPath: harness.setup.configPath))
        let result = await harness.probe().check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.tokenRequestCount == 1 && harness.aws.roleCredentialRequestCount == 0)
        #expect(result.details["account_id"] == nil && result.details["role_name"] == nil)
    }

    @Test func aProfileThatCannotBeResolvedIsDegradedWithTheReasonAndANextStep() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let result = await harness.probe(AWSSSOProbe.Settings(profile: "nope")).check()
        #expect(result.state == .degraded)
        #expect(result.summary == "profile nope not found in \(harness.setup.configPath)")
        #expect(result.remedy?.contains("sso-self-healing config check") == true, "\(result.remedy ?? "")")
    }

    @Test func withoutAProfileSettingAWSProfileChooses() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        var environment = harness.environment
        environment["AWS_PROFILE"] = "fake"
        let probe = AWSSSOProbe.make(
            settings: AWSSSOProbe.Settings(), environment: environment, stateDirectory: harness.stateDirectory)
        let result = await probe.check()
        #expect(result.state == .ok, "\(result.summary)")
    }
}
