import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

/// The real binary with an aws-sso probe against the fakes.
@Suite struct EndToEndTests {
    @Test func aRefusedRefreshBecomesExpiredAfterTheThresholdWithTheRemedyInTheEvent() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)

        var output = try await scenario.run(["check"])
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
        #expect(
            output.stdoutText.contains("fake-session: OK - SSO session fake-session is healthy (profile fake)"),
            "\(output.stdoutText)")

        harness.aws.setFault(.rejectGrant, on: .oidc)
        harness.aws.expireAccessTokens()
        output = try await scenario.run(["check"])
        #expect(output.exitStatus == 0, "one failing probe is below failure_threshold = 2: \(output.stdoutText)")
        output = try await scenario.run(["check"])
        #expect(output.exitStatus == 2, "\(output.stdoutText)\(output.stderrText)")
        #expect(output.stdoutText.contains("refresh token rejected (invalid_grant)"))

        let events = scenario.received()
        #expect(events.map(\.state) == ["expired"])
        let event = try #require(events.first?.event)
        #expect(event.kind == "aws-sso" && event.fingerprint == "aws-sso:fake-session" && event.previous == .ok)
        let lastGood = try #require(event.details["last_known_good"].flatMap(Timestamp.parse))
        #expect(lastGood <= event.at, "the session last worked before it expired")
        #expect(
            event.summary == "SSO session fake-session expired (profile fake): refresh token rejected (invalid_grant)"
                + "; last known good \(Timestamp.string(lastGood))")
        #expect(event.remedy == "sso-self-healing login --sso-session fake-session", "a headless machine")
        #expect(event.details["access_token_expires_at"] != nil)
        #expect(
            event.details["session_expires_at"].flatMap(Timestamp.parse).map { $0 <= event.at } ?? true,
            "an expired session forecasts no end ahead: \(event.details)")
        #expect(event.details["registration_expires_at"] != nil)

        let status = try await scenario.run(["status"])
        #expect(status.exitStatus == 2)
        #expect(
            status.stdoutText.contains("remedy: sso-self-healing login --sso-session fake-session"),
            "\(status.stdoutText)")
        #expect(!status.stdoutText.contains("session expires at: "), "\(status.stdoutText)")
        #expect(status.stdoutText.contains("last known good: \(Timestamp.string(lastGood))"))
    }

    @Test func aFailingOIDCIsDegradedAndNeverExpired() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)
        #expect(try await scenario.run(["check"]).exitStatus == 0)
        harness.aws.setFault(.serverError(503), on: .oidc)
        try harness.setCachedExpiry(in: -60)
        var statuses: [Int32?] = []
        for _ in 0..<4 { statuses.append(try await scenario.run(["check"]).exitStatus) }
        #expect(statuses == [0, 1, 1, 1], "degraded after two failing probes, then it stays, never expired")
        #expect(scenario.received().map(\.state) == ["degraded"])
        #expect(scenario.received().first?.event.summary.contains("SSO OIDC answered 503") == true)

        harness.aws.setFault(nil, on: .oidc)
        // The next refresh may be attempted a minute after the last: the probe remembers it.
        try? FileManager.default.removeItem(atPath: harness.stateDirectory + "/aws-sso")
        let output = try await scenario.run(["check"])
        #expect(output.exitStatus == 0, "\(output.stdoutText)")
        #expect(scenario.received().map(\.state) == ["degraded", "ok"])
    }
}
