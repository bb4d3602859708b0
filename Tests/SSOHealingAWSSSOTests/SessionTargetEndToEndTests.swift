import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

/// What an aws-sso target is, through the real binary: the SSO session, however many profiles and
/// probes reach it. One alert per change per channel, one device authorization, one link.
@Suite(.serialized) struct SessionTargetEndToEndTests {
    static let others = [
        FakeAWSProfile.OtherProfile(name: "fake2", accountID: "222233334444", roleName: "Reader"),
        FakeAWSProfile.OtherProfile(name: "fake3", accountID: "333344445555", roleName: "Admin"),
    ]

    /// One `[probe.NAME]` per profile, as a new user with three profiles would write them.
    static func probePerProfile(_ names: [String], heal: Bool) -> String {
        names.map { name in
            """
            [probe.\(name)-probe]
            type = "aws-sso"
            profile = "\(name)"
            timeout = "5s"
            failure_threshold = 1
            \(heal ? "heal = \"device-code\"" : "")

            """
        }.joined()
    }

    @Test func threeProfilesOnARevokedSessionRaiseOneAlertPerChannelAndHealWithOneLink() async throws {
        let scenario = try HealingScenario(
            otherProfiles: Self.others, probes: Self.probePerProfile(["fake", "fake2", "fake3"], heal: true))
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }

        var output = try await scenario.run(["check"])
        #expect(output.exitStatus == 2, "\(output.stdoutText)\(output.stderrText)")
        #expect(output.stderrText.contains("watch the same aws-sso target fake-session"), "\(output.stderrText)")
        for channel in ["record", "private"] {
            let events = scenario.received(channel)
            #expect(events.count == 1, "one alert per channel: \(events.map(\.summary))")
            let event = try #require(events.first)
            #expect(event.state == .expired && event.fingerprint == "aws-sso:fake-session")
            #expect(
                event.summary.hasPrefix("SSO session fake-session expired (profiles fake, fake2, fake3): "),
                "\(event.summary)")
            #expect(event.remedy == "sso-self-healing login --sso-session fake-session", "the probe heals")
            #expect(event.details["start_url"] == scenario.harness.setup.startURL)
            #expect(event.details["profiles"] == "fake, fake2, fake3")
        }
        #expect(aws.deviceAuthorizationRequestCount == 1, "one device authorization for the session")
        let link = try #require(scenario.received().first?.loginLink)
        #expect(scenario.userCodes() == [link.userCode], "the link is sent once")

        #expect(aws.approve(userCode: link.userCode))
        // The next poll is due within the fake's interval: check until the session resolves.
        let deadline = ContinuousClock.now + .seconds(20)
        repeat {
            output = try await scenario.run(["check"])
        } while output.exitStatus != 0 && ContinuousClock.now < deadline
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
        let events = scenario.received()
        #expect(events.map(\.state) == [.expired, .ok])
        #expect(
            events.last?.summary
                == "recovered: SSO session fake-session renewed by device authorization (profiles fake, fake2, fake3)")
        #expect(aws.deviceAuthorizationRequestCount == 1)

        // Every profile works in the real AWS CLI at once: no login, no refresh.
        let tokenRequests = aws.tokenRequestCount
        for profile in scenario.harness.setup.profileNames {
            let cli = try await AWSCLI.run(
                ["sts", "get-caller-identity", "--profile", profile, "--output", "json"],
                environment: scenario.harness.cliEnvironment)
            #expect(cli.exitStatus == 0, "\(profile): \(cli.stderrText)")
        }
        #expect(aws.tokenRequestCount == tokenRequests, "the CLI needed no /token call")

        let written = scenario.everythingWritten()
        for secret in aws.issuedSecrets { #expect(!written.contains(secret), "a secret leaked") }
    }

    @Test func twoProbesNamingProfilesOfOneSessionAreOneTargetWithOneAlert() async throws {
        let scenario = try HealingScenario(
            otherProfiles: Array(Self.others.prefix(1)), probes: Self.probePerProfile(["fake", "fake2"], heal: false))
        defer { scenario.harness.remove() }
        let output = try await scenario.run(["check", "--json"])
        #expect(output.exitStatus == 2, "\(output.stdoutText)\(output.stderrText)")
        let outcomes = try #require(JSONValue.parse(output.stdoutText)?["probes"]?.arrayValue, "\(output.stdoutText)")
        #expect(outcomes.count == 1, "one target")
        let events = scenario.received()
        #expect(events.count == 1 && events.first?.fingerprint == "aws-sso:fake-session")
        #expect(events.first?.summary.hasPrefix("SSO session fake-session expired (profiles fake, fake2)") == true)

        // Either probe's name still selects the target.
        let one = try await scenario.run(["check", "--probe", "fake2-probe"])
        #expect(one.exitStatus == 2, "\(one.stderrText)")
        #expect(scenario.received().count == 1, "dedup holds: nothing new")
    }

    @Test func statusShowsTheSessionAndEachProfilesLastRoleCheck() async throws {
        let harness = try SessionHarness(otherProfiles: Self.others)
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)
        try harness.directory.write(
            "config/config.toml",
            """
            [probe.corp]
            type = "aws-sso"
            sso_session = "\(harness.setup.sessionName)"
            timeout = "5s"
            """)
        harness.aws.unassignRole(Self.others[1].assignment)
        let check = try await scenario.run(["check"])
        #expect(check.exitStatus == 1, "fake3's role is gone: degraded, \(check.stdoutText)\(check.stderrText)")

        let status = try await scenario.run(["status", "--json"])
        let target = try #require(JSONValue.parse(status.stdoutText)?["targets"]?.arrayValue?.first)
        #expect(target["name"]?.stringValue == "fake-session")
        let session = try #require(target["session"], "\(status.stdoutText)")
        #expect(session["start_url"]?.stringValue == harness.setup.startURL)
        for key in ["access_token_expires_at", "session_expires_at", "registration_expires_at"] {
            #expect(session[key]?.stringValue.flatMap(Timestamp.parse) != nil, "\(key)")
        }
        let profiles = try #require(session["profiles"]?.arrayValue)
        #expect(profiles.compactMap { $0["name"]?.stringValue } == ["fake", "fake2", "fake3"])
        #expect(
            profiles.compactMap { $0["account_id"]?.stringValue } == ["111122223333", "222233334444", "333344445555"])
        #expect(profiles.compactMap { $0["role_name"]?.stringValue } == ["FakeRole", "Reader", "Admin"])
        let results = profiles.compactMap { $0["last_role_check"]?["result"]?.stringValue }
        #expect(
            results[0] == "ok" && results[1] == "ok"
                && results[2].hasPrefix("role Admin in account 333344445555 is not assigned"))

        let text = try await scenario.run(["status"])
        #expect(text.stdoutText.contains("fake-session (aws-sso): "), "\(text.stdoutText)")
        #expect(
            text.stdoutText.contains("    fake2: account 222233334444, role Reader, role check ok at "),
            "\(text.stdoutText)")
        for secret in harness.secrets.all {
            #expect(!status.stdoutText.contains(secret) && !text.stdoutText.contains(secret))
        }
    }
}
