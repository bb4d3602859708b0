import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The healing step through the real binary: alerts that carry the approval link, one pending
/// authorization across processes, the episode resolving on approval, `login`'s exit statuses,
/// and the real AWS CLI using the renewed session.
@Suite(.serialized) struct HealingEndToEndTests {
    @Test func anExpiredSessionAlertsWithTheLinkAndResolvesWhenApproved() async throws {
        let scenario = try HealingScenario()
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }

        var output = try await scenario.run(["check"])
        #expect(output.exitStatus == 2, "\(output.stdoutText)\(output.stderrText)")
        let started = try #require(aws.deviceAuthorizations.first)
        var events = scenario.received()
        #expect(events.map(\.state) == [.expired])
        let link = try #require(events.first?.loginLink)
        #expect(link.url == started.verificationURIComplete && link.userCode == started.userCode)
        #expect(link.expiresAt.timeIntervalSince(started.expiresAt).magnitude < 2)
        let withheld = scenario.received("private")
        #expect(withheld.map(\.state) == [.expired])
        #expect(withheld.first?.loginLink == nil && withheld.first?.details[LoginLink.userCodeKey] == nil)
        #expect(withheld.first?.details["start_url"] != nil, "only the link is withheld")
        #expect(scenario.userCodes() == [link.userCode] && scenario.userCodes("private") == [""])

        output = try await scenario.run(["check"])
        #expect(output.exitStatus == 2)
        #expect(output.stdoutText.contains("— approve the login: \(link.url) (code \(link.userCode), until "))
        #expect(aws.deviceAuthorizationRequestCount == 1, "one link per episode at a time")
        #expect(scenario.received().count == 1)
        let status = try await scenario.run(["status", "--json"])
        #expect(status.stdoutText.contains(link.url), "status shows the pending link")

        #expect(aws.approve(userCode: link.userCode))
        try await Task.sleep(for: .milliseconds(2100))  // the next poll is due within two seconds
        output = try await scenario.run(["check"])
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
        events = scenario.received()
        #expect(events.map(\.state) == [.expired, .ok])
        #expect(
            events.last?.summary == "recovered: SSO session fake-session renewed by device authorization (profile fake)"
        )
        #expect(events.last?.episode == events.first?.episode)
        #expect(scenario.received("private").map(\.state) == [.expired, .ok])

        // The AWS CLI uses the new session at once: no login, no refresh.
        let tokenRequests = aws.tokenRequestCount
        let cli = try await AWSCLI.run(
            ["sts", "get-caller-identity", "--profile", scenario.harness.setup.profile, "--output", "json"],
            environment: scenario.harness.cliEnvironment)
        #expect(cli.exitStatus == 0, "\(cli.stderrText)")
        #expect(cli.stdoutText.contains("\"Account\": \"111122223333\""), "\(cli.stdoutText)")
        #expect(aws.tokenRequestCount == tokenRequests, "the CLI needed no /token call")

        let written = scenario.everythingWritten()
        for secret in aws.issuedSecrets { #expect(!written.contains(secret), "a secret leaked") }
    }

    @Test func aLinkNobodyApprovesIsReplacedOnlyWhenItHasExpiredAndAReminderIsDue() async throws {
        let scenario = try HealingScenario(
            fake: FakeAWS.Configuration(deviceAuthorizationLifetime: .seconds(2)), repeatInterval: "1h")
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }

        try await scenario.run(["check"])
        let first = try #require(scenario.received().first?.loginLink)
        try await Task.sleep(for: .milliseconds(2200))
        let output = try await scenario.run(["check"])
        #expect(output.exitStatus == 2)
        #expect(aws.deviceAuthorizationRequestCount == 1, "expired, but no reminder is due: no new link")
        #expect(scenario.received().count == 1)

        let later = Date().addingTimeInterval(2 * 3600)
        try await scenario.run(["check"], now: later)
        #expect(aws.deviceAuthorizationRequestCount == 2, "the reminder is due: a new link")
        let events = scenario.received()
        #expect(events.map(\.reminder) == [0, 2], "two intervals passed: one reminder, numbered by them")
        let second = try #require(events.last?.loginLink)
        #expect(second.userCode != first.userCode && second.userCode == aws.deviceAuthorizations.last?.userCode)

        try await scenario.run(["check"], now: later)
        #expect(aws.deviceAuthorizationRequestCount == 2 && scenario.received().count == 2)
    }

    @Test func aDaemonAndTenConcurrentChecksStartOneAuthorization() async throws {
        let scenario = try HealingScenario()
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }
        let daemon = try BackgroundProgram(
            ["run", "--verbose"], environment: scenario.environment(),
            logPath: scenario.harness.directory.file("daemon.log"))
        let statuses = try await withThrowingTaskGroup(of: Int32?.self) { group in
            for _ in 0..<10 { group.addTask { try await scenario.run(["check"]).exitStatus } }
            var statuses: [Int32?] = []
            for try await status in group { statuses.append(status) }
            return statuses
        }
        #expect(statuses == Array(repeating: 2, count: 10))
        try await daemon.waitFor("the daemon's first cycle") { daemon.log.contains("probe finished") }
        #expect(aws.deviceAuthorizationRequestCount == 1, "\(daemon.log)")
        let events = scenario.received()
        #expect(events.count == 1 && events.first?.loginLink?.userCode == aws.deviceAuthorizations.first?.userCode)

        let code = try #require(aws.deviceAuthorizations.first?.userCode)
        #expect(aws.approve(userCode: code))
        try await Task.sleep(for: .milliseconds(2100))  // the next poll is due within two seconds
        #expect(try await scenario.run(["check"]).exitStatus == 0)
        #expect(scenario.received().map(\.state) == [.expired, .ok])
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let polls = aws.deviceAuthorizations.first?.polls ?? 0
        #expect(polls <= 3, "polls never outpace the interval: \(polls)")
        for secret in aws.issuedSecrets { #expect(!daemon.log.contains(secret), "a secret in the daemon's log") }
    }

    @Test func theDaemonPicksUpAnApprovalBetweenCyclesAndResolvesTheEpisode() async throws {
        let scenario = try HealingScenario()
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }
        let daemon = try BackgroundProgram(
            ["run"], environment: scenario.environment(), logPath: scenario.harness.directory.file("daemon.log"))
        let started = try #require(await aws.waitForDeviceAuthorization(timeout: .seconds(20)), "\(daemon.log)")
        #expect(aws.approve(userCode: started.userCode))
        try await daemon.waitFor("the resolution delivered") { scenario.received().count >= 2 }
        let events = scenario.received()
        #expect(events.map(\.state) == [.expired, .ok], "resolved well before the next cycle (1m): \(daemon.log)")
        #expect(
            events.last?.summary == "recovered: SSO session fake-session renewed by device authorization (profile fake)"
        )
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    @Test func loginPrintsTheLinkSendsItAndExitsZeroOnceApproved() async throws {
        let scenario = try HealingScenario()
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }
        try await scenario.run(["check"])
        let login = try BackgroundProgram(
            ["login", "--timeout", "30s"], environment: scenario.environment(),
            logPath: scenario.harness.directory.file("login.log"))
        let deadline = ContinuousClock.now + .seconds(20)
        while !login.log.contains("Whoever approves"), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let started = try #require(aws.deviceAuthorizations.first)
        #expect(aws.deviceAuthorizationRequestCount == 1, "login reuses the link the alert carried")
        #expect(login.log.contains(started.verificationURIComplete) && login.log.contains(started.userCode))
        #expect(aws.approve(userCode: started.userCode))
        #expect(try await login.waitForExit() == 0, "\(login.log)")
        #expect(login.log.contains("renewed by device authorization"))
        let events = scenario.received()
        #expect(
            events.map(\.kind) == ["aws-sso", "login", "login", "aws-sso"],
            "transition, login request, its close, resolution: \(events.map(\.summary))")
        #expect(events.map(\.state) == [.expired, .expired, .expired, .ok], "a login changes no state")
        #expect(events[1].login == .requested && events[1].severity == .info && !events[1].resolved)
        #expect(events[1].loginLink?.userCode == started.userCode && events[1].fingerprint == "login:fake-session")
        #expect(events[2].login == .approved && events[2].severity == .info && events[2].resolved)
        #expect(events[1].episode == events[2].episode && events[2].transition == 1)
        #expect(
            events.last?.summary == "recovered: SSO session fake-session renewed by device authorization (profile fake)"
        )
        let cli = try await AWSCLI.run(
            ["sts", "get-caller-identity", "--profile", scenario.harness.setup.profile],
            environment: scenario.harness.cliEnvironment)
        #expect(cli.exitStatus == 0, "\(cli.stderrText)")
        for secret in aws.issuedSecrets { #expect(!login.log.contains(secret)) }
    }

    @Test func loginExitsTwoWhenNotApprovedInTimeOrDenied() async throws {
        let scenario = try HealingScenario()
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }
        let output = try await scenario.run(["login", "--probe", "prod", "--timeout", "2s", "--no-notify"])
        #expect(output.exitStatus == 2)
        #expect(output.stderrText.contains("not approved within 2s"), "\(output.stderrText)")
        #expect(scenario.received().isEmpty, "--no-notify sends nothing")

        let login = try BackgroundProgram(
            ["login", "--timeout", "30s"], environment: scenario.environment(),
            logPath: scenario.harness.directory.file("login.log"))
        let code = try #require(await aws.waitForDeviceAuthorization(count: 1)?.userCode)
        #expect(aws.deviceAuthorizationRequestCount == 1, "the pending link is reused")
        #expect(aws.deny(userCode: code))
        #expect(try await login.waitForExit() == 2)
        #expect(login.log.contains("not renewed: the login was denied (access_denied)"), "\(login.log)")

        let unknown = try await scenario.run(["login", "--probe", "nope"])
        #expect(unknown.exitStatus == 64 && unknown.stderrText.contains("no enabled probe named \"nope\""))
    }
}
