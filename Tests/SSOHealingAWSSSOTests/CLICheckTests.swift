import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// CLI mode: the real `aws sts get-caller-identity` against the fakes, then the cache and the
/// CLI's debug output to tell expired from degraded.
@Suite struct CLICheckTests {
    /// The remedy on the fakes' machine: headless, so this program's own login.
    static let login = "sso-self-healing login --sso-session fake-session"
    static let cli = AWSSSOProbe.Settings(mode: .cli, timeout: .seconds(30))

    @Test func aWorkingSessionIsHealthy() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let result = await harness.probe(Self.cli).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(
            result.summary.hasPrefix(
                "SSO session fake-session is healthy (profile fake): aws sts get-caller-identity works"))
        #expect(result.details["mode"] == "cli" && result.details["session_expires_at"] != nil)
        #expect(harness.aws.callerIdentityRequestCount == 1)
    }

    @Test func theCLIsOwnRefreshContinuesTheSession() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let first = await harness.probe().check()
        try harness.setCachedExpiry(in: 5 * 60)
        let result = await harness.probe(Self.cli).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.tokenRequestCount == 1, "the CLI refreshed")
        #expect(result.details["session_first_seen"] == first.details["session_first_seen"])
        #expect(result.details["last_refresh"] != nil)
    }

    @Test(arguments: [
        (FakeFault.rejectGrant, "refresh token rejected (invalid_grant)"),
        (.rejectClient, "client registration rejected (invalid_client)"),
        (.expiredToken, "refresh token expired (expired_token)"),
    ])
    func aRefusedRefreshIsExpired(fault: FakeFault, reason: String) async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: -60)
        defer { harness.remove() }
        harness.aws.setFault(fault, on: .oidc)
        let result = await harness.probe(Self.cli).check()
        #expect(result.state == .expired, "\(result.summary)")
        #expect(
            result.summary == "SSO session fake-session expired (profile fake): \(reason); never seen working here")
        #expect(result.remedy == Self.login)
    }

    @Test(arguments: [
        (FakeFault.serverError(500), "cannot refresh: SSO OIDC answered InternalServerException"),
        (.throttle, "cannot refresh: SSO OIDC answered SlowDownException"),
        (.dropConnection, "the AWS CLI cannot reach SSO OIDC"),
        (.stopped, "the AWS CLI cannot reach SSO OIDC"),
        (.slow(.seconds(30)), "aws sts get-caller-identity did not finish within 8s"),
    ])
    func aFailingOrUnreachableOIDCIsDegradedNeverExpired(fault: FakeFault, reason: String) async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: -60)
        defer { harness.remove() }
        harness.aws.setFault(fault, on: .oidc)
        var settings = Self.cli
        // The timeout kills a CLI waiting for a slow service; other runs get room on a busy machine.
        if case .slow = fault { settings.timeout = .seconds(8) }
        let result = await harness.probe(settings).check()
        #expect(result.state == .degraded, "\(fault): \(result.summary)")
        #expect(result.summary == "SSO session fake-session degraded (profile fake): \(reason)")
    }

    @Test func thePortalRejectingTheTokenIsExpired() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        harness.aws.setFault(.rejectToken, on: .portal)
        let result = await harness.probe(Self.cli).check()
        #expect(result.state == .expired, "\(result.summary)")
        #expect(
            result.summary
                == "SSO session fake-session expired (profile fake): the SSO portal rejects the access token (401)"
                + "; never seen working here")
    }

    @Test func aRoleNoLongerAssignedIsDegraded() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        harness.aws.unassignRole(harness.setup.assignment)
        let result = await harness.probe(Self.cli).check()
        #expect(result.state == .degraded)
        #expect(
            result.summary
                == "SSO session fake-session degraded (profile fake): profile fake: role FakeRole in account 111122223333 is not assigned (ForbiddenException)"
        )
    }

    @Test func aMissingCacheIsExpired() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        try FileManager.default.removeItem(atPath: harness.setup.cachePath)
        let result = await harness.probe(Self.cli).check()
        #expect(result.state == .expired, "\(result.summary)")
        #expect(result.remedy == Self.login)
    }

    @Test func aLegacyProfileIsDegradedWhileItsTokenLastsThenExpired() async throws {
        let harness = try SessionHarness(legacy: true)
        defer { harness.remove() }
        var result = await harness.probe(Self.cli).check()
        #expect(result.state == .degraded, "\(result.summary)")
        #expect(result.remedy == "add an sso-session to profile fake (legacy profiles cannot refresh)")
        try harness.setCachedExpiry(in: -60)
        try? FileManager.default.removeItem(atPath: harness.home + "/.aws/cli/cache")
        result = await harness.probe(Self.cli).check()
        #expect(result.state == .expired, "\(result.summary)")
        #expect(result.summary.contains("cannot be refreshed (a legacy profile cannot refresh); last known good "))
        #expect(
            result.remedy == "sso-self-healing login --sso-session \(harness.setup.startURL)",
            "a headless machine: this program's login, which takes a legacy session's start URL")
    }

    @Test func aMissingAWSCLIIsDegraded() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        var settings = Self.cli
        settings.awsCLI = "aws-cli-that-is-not-installed"
        let result = await harness.probe(settings).check()
        #expect(result.state == .degraded)
        #expect(
            result.summary.contains(
                "the AWS CLI is missing (program \"aws-cli-that-is-not-installed\" not found on PATH)"))
        #expect(result.remedy == "install the AWS CLI, or set aws_cli to its path")
    }

    @Test func readsTheCodesInTheCLIsDebugOutput() {
        let diagnosis = CLIDiagnosis(
            stderr: """
                2026-11-27 15:04:05,123 - MainThread - botocore.tokens - WARNING - Refreshing token failed during the mandatory refresh period.
                botocore.errorfactory.InvalidGrantException: An error occurred (InvalidGrantException) when calling the CreateToken operation: Invalid refresh token provided
                    raise EndpointConnectionError(endpoint_url=request.url, error=e)
                botocore.exceptions.EndpointConnectionError: Could not connect to the endpoint URL: "http://127.0.0.1:9/federation/credentials?role_name=R&account_id=1"
                botocore.exceptions.ReadTimeoutError: Read timeout on endpoint URL: "https://oidc.us-east-1.amazonaws.com/token"
                """)
        #expect(
            diagnosis.errors == [CLIDiagnosis.ServiceError(code: "InvalidGrantException", operation: "CreateToken")])
        #expect(diagnosis.errors.first?.oauthCode == "invalid_grant")
        #expect(diagnosis.unreachable == [.sso, .ssoOIDC])
    }
}
