import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The daemon re-sends firing Alertmanager alerts on the channel's own `resend_interval`, between
/// probe cycles, through the real binary against a loopback Alertmanager API.
@Suite(.serialized) struct AlertmanagerResendTests {
    @Test func firingAlertsAreReSentBetweenCyclesOnTheChannelsOwnInterval() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let server = try LoopbackHTTPServer { _ in .json("{}") }
        defer { server.stop() }
        // One cycle an hour: any second request comes from the re-send timer, not from a cycle.
        try scenario.writeConfig(daemon: "interval = \"1h\"\njitter = \"0\"")
        let runs = scenario.directory.file("probe-runs")
        try scenario.directory.write(
            "probe-vpn.sh",
            """
            #!/bin/sh
            echo run >> "\(runs)"
            echo "vpn down"
            exit 2
            """, mode: 0o755)
        try scenario.directory.write(
            "config/notifiers.d/60-alertmanager.toml",
            """
            type = "alertmanager"
            url = "\(server.baseURL)"
            resend_interval = "1s"
            """)
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("the alert and two re-sends") { server.requests.count >= 3 }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)

        let probeRuns = try String(contentsOfFile: runs, encoding: .utf8).split(separator: "\n").count
        #expect(probeRuns == 1, "a single cycle ran")
        let posts = server.requests
        #expect(posts.allSatisfy { $0.method == "POST" && $0.path == "/api/v2/alerts" })
        let summaries = try posts.map { request -> String in
            let alerts = try #require(try JSONSerialization.jsonObject(with: Data(request.body)) as? [[String: Any]])
            let alert = try #require(alerts.first)
            #expect((alert["labels"] as? [String: String])?["alertname"] == "SSOSessionExpired")
            return (alert["annotations"] as? [String: String])?["summary"] ?? ""
        }
        #expect(summaries.first == "vpn down")
        #expect(summaries.dropFirst().allSatisfy { $0 == "still expired: vpn down" }, "\(summaries)")
    }
}
