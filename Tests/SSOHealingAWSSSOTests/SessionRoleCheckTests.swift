import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// The profiles inside a session: each role checked at most once per cycle (a granted one again
/// only after `role_check_interval`), a role no longer assigned degrading the session by name, the
/// token refreshed and proven once.
@Suite struct SessionRoleCheckTests {
    static let others = [
        FakeAWSProfile.OtherProfile(name: "fake2", accountID: "222233334444", roleName: "Reader"),
        FakeAWSProfile.OtherProfile(name: "fake3", accountID: "333344445555", roleName: "Admin"),
    ]

    @Test func aRoleRemovedFromOneOfThreeProfilesDegradesTheSessionNamingThatProfileOnly() async throws {
        let harness = try SessionHarness(otherProfiles: Self.others)
        defer { harness.remove() }
        let settings = AWSSSOProbe.Settings(ssoSession: harness.setup.sessionName, roleCheckInterval: .zero)
        var result = await harness.probe(settings).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(result.summary.hasPrefix("SSO session fake-session is healthy (profiles fake, fake2, fake3): "))
        #expect(harness.aws.roleCredentialRequestCount == 3, "one portal call per profile")

        harness.aws.unassignRole(Self.others[0].assignment)
        result = await harness.probe(settings).check()
        #expect(result.state == .degraded)
        #expect(
            result.summary.hasPrefix(
                "SSO session fake-session degraded (profiles fake, fake2, fake3): profile fake2: role Reader in "
                    + "account 222233334444 is not assigned (403"), "\(result.summary)")
        #expect(!result.summary.contains("profile fake:") && !result.summary.contains("profile fake3:"))

        // The other profiles' credentials still work in the real AWS CLI; fake2's do not.
        for profile in ["fake", "fake3"] {
            let cli = try await AWSCLI.run(
                ["sts", "get-caller-identity", "--profile", profile], environment: harness.cliEnvironment)
            #expect(cli.exitStatus == 0, "\(profile): \(cli.stderrText)")
        }
        let refused = try await AWSCLI.run(
            ["sts", "get-caller-identity", "--profile", "fake2"], environment: harness.cliEnvironment)
        #expect(refused.exitStatus != 0)

        harness.aws.assignRole(Self.others[0].assignment)
        result = await harness.probe(settings).check()
        #expect(result.state == .ok, "every role check passes again: \(result.summary)")
        let record = SessionStateStore(stateDirectory: harness.stateDirectory, cachePath: harness.setup.cachePath)
            .load()
        #expect(record.roleChecks?.keys.sorted() == ["fake", "fake2", "fake3"])
        #expect(record.roleChecks?["fake2"]?.granted == true && record.roleChecks?["fake2"]?.roleName == "Reader")
    }

    @Test func listedProfilesAreTheOnlyOnesChecked() async throws {
        let harness = try SessionHarness(otherProfiles: Self.others)
        defer { harness.remove() }
        harness.aws.unassignRole(Self.others[1].assignment)
        let settings = AWSSSOProbe.Settings(ssoSession: harness.setup.sessionName, profiles: ["fake", "fake2"])
        let result = await harness.probe(settings).check()
        #expect(result.state == .ok, "fake3 is not watched: \(result.summary)")
        #expect(harness.aws.roleCredentialRequestCount == 2)
    }

    @Test func aCycleOverManyProfilesRefreshesOnceAndCallsThePortalOncePerProfile() async throws {
        let others = (2...10).map {
            FakeAWSProfile.OtherProfile(name: "fake\($0)", accountID: "\(100_000_000_000 + $0)", roleName: "Role\($0)")
        }
        let harness = try SessionHarness(accessTokenExpiresIn: 5 * 60, otherProfiles: others)
        defer { harness.remove() }
        let result = await harness.probe(AWSSSOProbe.Settings(ssoSession: harness.setup.sessionName)).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.tokenRequestCount == 1, "one refresh for the session")
        #expect(harness.aws.roleCredentialRequestCount == 10, "one portal call per profile")
        #expect(result.summary.contains("(profiles fake, fake10, fake2, fake3, fake4, fake5, fake6, fake7 and 2 more)"))
    }

    @Test func aGrantedRoleIsAskedAgainOnlyAfterTheRoleCheckIntervalWhileTheTokenIsProvenEveryCheck() async throws {
        let harness = try SessionHarness(otherProfiles: Self.others)
        defer { harness.remove() }
        let start = Date()
        let settings = AWSSSOProbe.Settings(ssoSession: harness.setup.sessionName, roleCheckInterval: .seconds(3600))
        var result = await harness.probe(settings, now: { start }).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.roleCredentialRequestCount == 3, "the first check asks for every role")

        // Within the interval: only the first profile's role, which proves the token.
        harness.aws.unassignRole(Self.others[0].assignment)
        result = await harness.probe(settings, now: { start.addingTimeInterval(1800) }).check()
        #expect(result.state == .ok, "fake2 was granted half an hour ago: \(result.summary)")
        #expect(harness.aws.roleCredentialRequestCount == 4, "one portal call proves the token")

        // Past the interval every granted role is due again, and fake2's removal shows.
        result = await harness.probe(settings, now: { start.addingTimeInterval(3601) }).check()
        #expect(result.state == .degraded, "\(result.summary)")
        #expect(result.summary.contains("profile fake2: role Reader"), "\(result.summary)")
        #expect(harness.aws.roleCredentialRequestCount == 7)

        // A refused role is asked again at every check, so its return shows at once.
        harness.aws.assignRole(Self.others[0].assignment)
        result = await harness.probe(settings, now: { start.addingTimeInterval(3700) }).check()
        #expect(result.state == .ok, "\(result.summary)")
        #expect(harness.aws.roleCredentialRequestCount == 9, "the prover and the refused role only")
    }
}
