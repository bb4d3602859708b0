import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// The forecast of the session's end and the warnings, shared by both modes.
@Suite struct SessionCheckTests {
    static let hour: TimeInterval = 3600
    static let day: TimeInterval = 86_400

    @Test func theWarningWindowDefaultsToAnEighthOfTheSessionUpToSevenDays() {
        #expect(AWSSSOProbe.Settings().sessionWarning == .seconds(3600))
        #expect(AWSSSOProbe.Settings(sessionLifetime: .seconds(90 * 86_400)).sessionWarning == .seconds(7 * 86_400))
        #expect(AWSSSOProbe.Settings(warnBefore: .seconds(60)).sessionWarning == .seconds(60))
        #expect(AWSSSOProbe.Settings().registrationWarning == .seconds(7 * 86_400))
    }

    @Test func anEightHourSessionIsDegradedInItsLastHourByForecast() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let clock = ManualClock()
        let start = clock.now
        var result = await harness.probe(now: clock.function).check()
        #expect(result.state == .ok)
        #expect(result.details["session_expires_at"] == Timestamp.string(start.addingTimeInterval(8 * Self.hour)))
        #expect(
            result.summary.contains(
                "session ends around \(Timestamp.string(start.addingTimeInterval(8 * Self.hour))) (forecast)"))

        clock.advance(by: 6 * Self.hour + 50 * 60)
        result = await harness.probe(now: clock.function).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.tokenRequestCount == 1, "the probe refreshed the token it saw expire")

        clock.advance(by: 20 * 60)
        result = await harness.probe(now: clock.function).check()
        #expect(result.state == .degraded)
        #expect(
            result.summary
                == "SSO session fake-session degraded (profile fake): it ends around \(Timestamp.string(start.addingTimeInterval(8 * Self.hour))) (forecast), within 1h"
        )
        #expect(result.remedy == "sso-self-healing login --sso-session fake-session", "a headless machine")
        #expect(result.details["session_first_seen"] == Timestamp.string(start))

        clock.advance(by: 2 * Self.hour)
        result = await harness.probe(now: clock.function).check()
        #expect(result.state == .degraded)
        #expect(result.summary.contains("still works after its forecast end"), "\(result.summary)")
        #expect(result.summary.contains("set session_lifetime"))
    }

    @Test func aNinetyDaySessionWarnsWithinWarnBefore() async throws {
        let harness = try SessionHarness(registrationExpiresIn: 200 * Self.day)
        defer { harness.remove() }
        let clock = ManualClock()
        let settings = AWSSSOProbe.Settings(warnBefore: .seconds(7 * 86_400), sessionLifetime: .seconds(90 * 86_400))
        var result = await harness.probe(settings, now: clock.function).check()
        #expect(result.state == .ok)
        clock.advance(by: 82 * Self.day)
        result = await harness.probe(settings, now: clock.function).check()
        #expect(result.state == .ok, "\(result.summary)")
        clock.advance(by: 2 * Self.day)
        result = await harness.probe(settings, now: clock.function).check()
        #expect(result.state == .degraded)
        #expect(result.summary.contains("(forecast), within 1w"), "\(result.summary)")
    }

    @Test func aRegistrationEndingWithinWarnBeforeIsDegraded() async throws {
        let harness = try SessionHarness(registrationExpiresIn: 3 * Self.day)
        defer { harness.remove() }
        let result = await harness.probe().check()
        #expect(result.state == .degraded)
        #expect(result.summary.contains("the client registration ends at"), "\(result.summary)")
        #expect(result.summary.contains("within 1w"))
        #expect(result.details["registration_expires_at"] != nil)
    }

    @Test func aLoginAfterAnExpiryStartsANewForecast() async throws {
        let harness = try SessionHarness(accessTokenExpiresIn: -60)
        defer { harness.remove() }
        let clock = ManualClock()
        harness.aws.setFault(.rejectGrant, on: .oidc)
        var result = await harness.probe(now: clock.function).check()
        #expect(result.state == .expired)
        #expect(
            result.details["session_first_seen"] == nil && result.details["session_expires_at"] == nil,
            "no forecast begun on the refused token")
        #expect(result.details["last_known_good"] == "never seen working")

        harness.aws.setFault(nil, on: .oidc)
        clock.advance(by: 2 * Self.hour)
        let login = harness.aws.startSession(client: harness.client)
        try harness.setup.writeTokenCache(login)
        result = await harness.probe(now: clock.function).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(result.details["session_first_seen"] == Timestamp.string(clock.now))
        #expect(result.details["session_expires_at"] == Timestamp.string(clock.now.addingTimeInterval(8 * Self.hour)))
    }
}
