import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

@testable import SSOHealingAWSSSO

/// Losing a refresh race is not expiry: `check` in cli mode and another AWS CLI process refresh a
/// strictly rotating refresh token at the same moment, round after round, and the session is
/// never reported expired.
///
/// `CLI_RACE_ROUNDS` sets how many rounds run (20 by default; `./scripts/test` runs 4, each about
/// three seconds of the real CLI, and `./scripts/test --long` all 20).
@Suite(.serialized) struct CLIRefreshRaceTests {
    static let rounds = max(1, ProcessInfo.processInfo.environment["CLI_RACE_ROUNDS"].flatMap(Int.init) ?? 20)

    @Test func checkInCLIModeRacingTheRealCLIOnARotatingTokenIsNeverExpired() async throws {
        // Access tokens last 5 minutes, inside botocore's 15-minute window, and a refresh token
        // used once is dead.
        let harness = try SessionHarness(
            configuration: FakeAWS.Configuration(
                accessTokenLifetime: .seconds(300), refreshTokenRotation: .rotateAndRevoke),
            accessTokenExpiresIn: 300)
        defer { harness.remove() }
        // The real SSO OIDC answers in a fraction of a second, the loopback fake at once: give
        // /token a latency, so that two refreshes started together both send the same token.
        harness.aws.setFault(.slow(.seconds(1)), on: .oidc)
        let scenario = try BinaryScenario(harness: harness)
        try harness.directory.write(
            "config/config.toml",
            """
            [probe.prod]
            type = "aws-sso"
            profile = "\(harness.setup.profile)"
            mode = "cli"
            aws_cli = "\(AWSCLI.path)"
            timeout = "60s"
            failure_threshold = 1
            """)
        let environment = scenario.environment.merging(harness.cliEnvironment) { _, cli in cli }
        var lostByTheOtherCLI = 0
        var lostByOurs = 0
        for round in 1...Self.rounds {
            // An access token past its end, so that the loser of a race cannot fall back on it,
            // and no cached role credentials, so that both sides need the SSO token.
            try harness.setCachedExpiry(in: -60)
            try? FileManager.default.removeItem(atPath: harness.home + "/.aws/cli/cache")
            let requestsBefore = harness.aws.tokenRequestCount
            async let check = ProcessRunner.run(
                [Binary.path, "check", "--json", "--verbose"], environment: environment, timeout: .seconds(90))
            async let other = AWSCLI.run(
                ["sts", "get-caller-identity", "--profile", harness.setup.profile], environment: harness.cliEnvironment)
            let (ours, theirs) = try await (check, other)
            if theirs.exitStatus != 0 { lostByTheOtherCLI += 1 }
            if ours.stderrText.contains("lost a refresh race") { lostByOurs += 1 }
            let outcome = try #require(
                JSONValue.parse(ours.stdoutText)?["probes"]?.arrayValue?.first, "round \(round): \(ours.stderrText)")
            let summary = outcome["summary"]?.stringValue ?? ""
            #expect(outcome["result"]?.stringValue != "expired", "round \(round): \(summary)")
            #expect(outcome["result"]?.stringValue == "ok", "round \(round): \(summary)")
            #expect(harness.aws.tokenRequestCount >= requestsBefore + 2, "round \(round): both sides refreshed")
            let token = try #require(harness.cachedToken())
            #expect(
                harness.aws.isValidRefreshToken(token.refreshToken ?? ""),
                "round \(round): the cache holds the live refresh token")
        }
        #expect(lostByTheOtherCLI + lostByOurs > 0, "no round raced: the test proves nothing")
        let written = (try? String(contentsOfFile: scenario.channelLog, encoding: .utf8)) ?? ""
        #expect(written.isEmpty, "no alert went out (ours lost \(lostByOurs), the other CLI \(lostByTheOtherCLI))")
        for secret in harness.secrets.all { #expect(!written.contains(secret)) }
    }
}
