import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// `sso-self-healing login` on a session that works is a login request, not a change of the
/// target: every channel gets one `login` event (severity info) when it starts and one closing
/// event when it ends, never a `degraded` alert, and a repeated `check` sends neither again.
/// Events are read with Foundation's JSON parser, not the program's own decoder.
@Suite(.serialized) struct LoginRequestEndToEndTests {
    /// The event objects channel `name`'s program received, in order.
    static func events(_ scenario: HealingScenario, _ name: String) throws -> [[String: Any]] {
        let path = scenario.harness.directory.file("\(name).log")
        let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
        return try text.split(separator: "\n").map { line in
            let json = try #require(line.split(separator: "\t", maxSplits: 1).last)
            return try #require(try JSONSerialization.jsonObject(with: Data(json.utf8)) as? [String: Any])
        }
    }

    @Test func loginOnAHealthySessionSendsOneLoginEventPerChannelThenOneClosingEvent() async throws {
        let scenario = try HealingScenario(healthy: true)
        let aws = scenario.harness.aws
        defer { scenario.harness.remove() }
        var output = try await scenario.run(["check"])
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
        #expect(try Self.events(scenario, "record").isEmpty)

        let login = try BackgroundProgram(
            ["login", "--timeout", "30s"], environment: scenario.environment(),
            logPath: scenario.harness.directory.file("login.log"))
        let deadline = ContinuousClock.now + .seconds(20)
        while !(login.log.contains("→ private:") && login.log.contains("→ record:")), ContinuousClock.now < deadline {
            try await Task.sleep(for: .milliseconds(20))
        }
        let started = try #require(aws.deviceAuthorizations.first, "\(login.log)")
        for channel in ["record", "private"] {
            let opened = try Self.events(scenario, channel)
            #expect(opened.count == 1, "\(channel): \(opened)")
            let event = try #require(opened.first)
            #expect(event["kind"] as? String == "login" && event["login"] as? String == "requested")
            #expect(event["severity"] as? String == "info" && event["resolved"] as? Bool == false)
            #expect(event["state"] as? String == "ok" && event["previous"] as? String == "ok", "no change of state")
            #expect(event["fingerprint"] as? String == "login:fake-session" && event["episode"] as? Int == 1)
        }
        let details = try Self.events(scenario, "record").first?["details"] as? [String: String]
        #expect(details?["login_user_code"] == started.userCode)
        #expect(
            (try Self.events(scenario, "private").first?["details"] as? [String: String])?["login_url"] == nil,
            "carry_login_links = false")

        output = try await scenario.run(["check"])
        #expect(output.exitStatus == 0, "the session still works: \(output.stdoutText)\(output.stderrText)")
        #expect(try Self.events(scenario, "record").count == 1, "a check while it is pending sends nothing new")

        #expect(aws.approve(userCode: started.userCode))
        #expect(try await login.waitForExit() == 0, "\(login.log)")
        output = try await scenario.run(["check"])
        #expect(output.exitStatus == 0)

        for channel in ["record", "private"] {
            let events = try Self.events(scenario, channel)
            #expect(
                events.map { $0["login"] as? String ?? "-" } == ["requested", "approved"],
                "\(channel): \(events.map { $0["summary"] ?? "" })")
            #expect(events.allSatisfy { $0["state"] as? String != "degraded" && $0["severity"] as? String == "info" })
            let closing = try #require(events.last)
            #expect(closing["resolved"] as? Bool == true && closing["transition"] as? Int == 1)
            #expect(closing["episode"] as? Int == 1, "the request's number, not a time")
        }
        let status = try await scenario.run(["status"])
        #expect(status.stdoutText.contains("  last login request: #1 approved, opened "), "\(status.stdoutText)")
        #expect(!status.stdoutText.contains("DEGRADED"), "\(status.stdoutText)")
        for secret in aws.issuedSecrets { #expect(!login.log.contains(secret) && !status.stdoutText.contains(secret)) }
        #expect(!scenario.everythingWritten().contains(scenario.harness.secrets.refreshToken))
    }
}
