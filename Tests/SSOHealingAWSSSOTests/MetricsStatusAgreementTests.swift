import Foundation
import SSOHealingAWSFakes
import SSOHealingCore
import Testing

/// The metrics file's expiry gauges say what `status --json` says, through the real binary.
@Suite struct MetricsStatusAgreementTests {
    @Test func theExpiryGaugesMatchStatusJSON() async throws {
        let harness = try SessionHarness()
        defer { harness.remove() }
        let scenario = try BinaryScenario(harness: harness)
        let path = harness.directory.file("sso.prom")
        let config = try String(contentsOfFile: scenario.configDirectory + "/config.toml", encoding: .utf8)
        try harness.directory.write(
            "config/config.toml", config.replacing("[daemon]\n", with: "[daemon]\nmetrics_file = \"\(path)\"\n"))
        #expect(try await scenario.run(["check"]).exitStatus == 0)
        let status = try await scenario.run(["status", "--json"])
        let json = try #require(try JSONSerialization.jsonObject(with: Data(status.stdoutText.utf8)) as? [String: Any])
        let target = try #require((json["targets"] as? [[String: Any]])?.first)
        let session = try #require(target["session"] as? [String: Any])
        let text = try String(contentsOfFile: path, encoding: .utf8)
        var lines: [String: String] = [:]
        for line in text.split(separator: "\n") where !line.hasPrefix("#") {
            let parts = line.split(separator: " ")
            lines[String(parts[0])] = String(parts[1])
        }
        let name = try #require(target["name"] as? String)
        for (key, metric) in [
            ("access_token_expires_at", "access_token"), ("session_expires_at", "session"),
            ("registration_expires_at", "registration"),
        ] {
            let stamp = try #require(session[key] as? String, "status --json has \(key)")
            let date = try #require(ISO8601DateFormatter().date(from: stamp))
            let sample = "sso_self_healing_\(metric)_expiry_timestamp_seconds{target=\"\(name)\"}"
            #expect(lines[sample] == String(Int(date.timeIntervalSince1970)), "\(sample) against \(stamp)")
        }
        #expect(lines["sso_self_healing_target_state{target=\"\(name)\",kind=\"aws-sso\",state=\"ok\"}"] == "1")
    }
}
