import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Synchronization
import Testing

/// The `pagerduty`, `teams` and `apprise` channels through the real binary (`check`), against
/// faithful fakes of PagerDuty's Events API v2 and of a Teams Workflows webhook, and the real
/// `apprise` posting to a loopback receiver with its `json://` scheme.
@Suite(.serialized) struct PagerDutyTeamsCheckTests {
    @Test func anExpiryAndItsRecoveryReachPagerDutyAsOneIncidentTeamsAsTwoCardsAndAppriseTwice() async throws {
        let pagerDuty = try FakePagerDutyEventsAPI()
        defer { pagerDuty.stop() }
        let teams = try FakeTeamsWorkflow()
        defer { teams.stop() }
        let posted = PostedRequests()
        let receiver = try LoopbackHTTPServer { request in
            posted.requests.withLock { $0.append(request) }
            return .status(200)
        }
        defer { receiver.stop() }
        let appriseSecret = "apprise-s3cr3t-0123456789"
        let appriseURL = "json://ops:\(appriseSecret)@127.0.0.1:\(receiver.port)/apprise-hook"
        /// The `type` of each JSON body apprise posted, decoded here.
        func appriseTypes() -> [String] {
            posted.requests.withLock { $0 }.compactMap {
                (try? JSONSerialization.jsonObject(with: Data($0.bodyText.utf8)) as? [String: Any])?["type"] as? String
            }
        }
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        // The secrets written literally, in files only the user can read, so the test can look
        // for them in every output.
        try scenario.directory.write(
            "config/notifiers.d/60-pagerduty.toml",
            """
            type = "pagerduty"
            routing_key = "\(pagerDuty.routingKey)"
            api_url = "\(pagerDuty.apiURL)"
            """, mode: 0o600)
        try scenario.directory.write(
            "config/notifiers.d/70-teams.toml", "type = \"teams\"\nurl = \"\(teams.url)\"\n", mode: 0o600)
        try scenario.directory.write(
            "config/notifiers.d/80-apprise.toml", "type = \"apprise\"\nurls = [\"\(appriseURL)\"]\ntimeout = \"60s\"\n",
            mode: 0o600)

        let start = Date().addingTimeInterval(-300).rounded()
        try scenario.setProbe(.expired)
        let expired = try await scenario.check(["--verbose"], at: start)
        #expect(expired.exitStatus == 2, "\(expired.stderrText)")
        #expect(expired.stdoutText.contains("→ 60-pagerduty: delivered"), "\(expired.stdoutText)")
        #expect(expired.stdoutText.contains("→ 70-teams: delivered"), "\(expired.stdoutText)")
        #expect(expired.stdoutText.contains("→ 80-apprise: delivered"), "\(expired.stdoutText)")
        #expect(appriseTypes() == ["failure"])
        let trigger = try #require(pagerDuty.events.first)
        #expect(trigger.action == "trigger")
        #expect(trigger.severity == "critical")
        #expect(trigger.summary == "vpn is expired on \(HostName.current): vpn scripted state 2")
        #expect(trigger.body["payload"]?["custom_details"]?["remedy"] == .string("restart vpn"))
        let card = try #require(teams.posted.first)
        // The first probe of the target: it was not known to be ok.
        #expect(card.visibleText.hasPrefix("CRITICAL · vpn is expired (was unknown)\n"), "\(card.visibleText)")

        try scenario.setProbe(.ok)
        let recovered = try await scenario.check(["--verbose"], at: start.addingTimeInterval(60))
        #expect(recovered.exitStatus == 0, "\(recovered.stderrText)")
        #expect(recovered.stdoutText.contains("→ 60-pagerduty: delivered"), "\(recovered.stdoutText)")
        #expect(recovered.stdoutText.contains("→ 70-teams: delivered"), "\(recovered.stdoutText)")
        #expect(recovered.stdoutText.contains("→ 80-apprise: delivered"), "\(recovered.stdoutText)")
        #expect(appriseTypes() == ["failure", "success"])
        #expect(pagerDuty.events.map(\.action) == ["trigger", "resolve"])
        #expect(pagerDuty.events.map(\.dedupKey) == Array(repeating: trigger.dedupKey, count: 2))
        #expect(trigger.dedupKey == "sso-self-healing/\(HostName.current)/command:vpn/1")
        #expect(pagerDuty.alerts.count == 1)
        #expect(pagerDuty.alerts.first?.resolved == true)
        #expect(teams.posted.count == 2)
        #expect(teams.posted.last?.visibleText.hasPrefix("RESOLVED · vpn is ok again (was expired)\n") == true)
        #expect(teams.failedRuns.isEmpty, "\(teams.failedRuns.map(\.reason))")
        #expect(try scenario.state().outbox.isEmpty)

        // Nothing more: a further check with nothing new sends nothing to either.
        let quiet = try await scenario.check(at: start.addingTimeInterval(120))
        #expect(quiet.exitStatus == 0)
        #expect(pagerDuty.events.count == 2 && teams.posted.count == 2 && appriseTypes().count == 2)

        var outputs = [expired, recovered, quiet].map { $0.stdoutText + $0.stderrText }
        for arguments in [["status", "--json"], ["config", "show"], ["config", "show", "--json"]] {
            let output = try await Binary.run(arguments, environment: scenario.environment)
            outputs.append(output.stdoutText + output.stderrText)
        }
        for file in try FileManager.default.subpathsOfDirectory(atPath: scenario.stateDirectory) {
            if let data = FileManager.default.contents(atPath: scenario.stateDirectory + "/" + file) {
                outputs.append(String(decoding: data, as: UTF8.self))
            }
        }
        for secret in [pagerDuty.routingKey, teams.signature, teams.workflowID, appriseSecret] {
            #expect(!outputs.contains { $0.contains(secret) }, "an output or state file holds a secret")
        }
    }
}

/// What the loopback receiver accepted from apprise, shared with its threads.
private final class PostedRequests: Sendable {
    let requests = Mutex<[RecordedRequest]>([])
}
