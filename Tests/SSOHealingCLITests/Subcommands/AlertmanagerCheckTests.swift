import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The `alertmanager` channel through the real binary (`check`), against two real Alertmanager
/// instances (Debian package prometheus-alertmanager) on loopback.
@Suite(.serialized) struct AlertmanagerCheckTests {
    @Test func anExpiryReachesBothAlertmanagersIsReSentAndItsRecoveryResolvesIt() async throws {
        let first = try await AlertmanagerInstance.start()
        defer { first.stop() }
        let second = try await AlertmanagerInstance.start()
        defer { second.stop() }
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.directory.write(
            "config/notifiers.d/60-alertmanager.toml",
            """
            type = "alertmanager"
            url = ["\(first.baseURL)", "\(second.baseURL)/"]
            labels = { team = "platform" }
            """)

        // Pinned wall-clock times a little in the past, so Alertmanager sees a plausible history.
        let start = Date().addingTimeInterval(-300).rounded()
        try scenario.setProbe(.expired)
        var output = try await scenario.check(at: start)
        #expect(output.exitStatus == 2, "\(output.stderrText)")
        #expect(output.stdoutText.contains("→ 60-alertmanager: delivered"))
        for instance in [first, second] {
            let alerts = try await instance.waitForAlerts("the expiry on port \(instance.port)") {
                $0.first?["status"]?["state"]?.stringValue == "active"
            }
            let alert = try #require(alerts.first)
            #expect(alerts.count == 1)
            #expect(
                alert["labels"]?.stringDictionary == [
                    "alertname": "SSOSessionExpired", "probe": "vpn", "kind": "command", "host": HostName.current,
                    "severity": "critical", "team": "platform",
                ])
            #expect(alert["annotations"]?["summary"]?.stringValue == "vpn scripted state 2")
            #expect(alert["annotations"]?["remedy"]?.stringValue == "restart vpn")
            #expect(alert["startsAt"]?.stringValue?.hasPrefix(String(Timestamp.string(start).dropLast())) == true)
            let endsAt = try #require(alert["endsAt"]?.stringValue.flatMap(parseRFC3339))
            #expect(endsAt > Date().addingTimeInterval(200))  // 4 × resend_interval ahead
        }

        // Within the resend interval nothing is sent; after it, the alert is re-sent, keeping its start.
        output = try await scenario.check(at: start.addingTimeInterval(30))
        #expect(!output.stdoutText.contains("60-alertmanager"))
        output = try await scenario.check(at: start.addingTimeInterval(90))
        #expect(output.stdoutText.contains("→ 60-alertmanager: delivered"), "\(output.stdoutText)")
        let resent = try #require(try await first.alerts().first)
        #expect(resent["startsAt"]?.stringValue?.hasPrefix(String(Timestamp.string(start).dropLast())) == true)
        #expect(resent["annotations"]?["summary"]?.stringValue == "still expired: vpn scripted state 2")

        try scenario.setProbe(.ok)
        output = try await scenario.check(at: start.addingTimeInterval(120))
        #expect(output.exitStatus == 0)
        #expect(output.stdoutText.contains("→ 60-alertmanager: delivered"))
        for instance in [first, second] {
            try await instance.waitForAlerts("the recovery on port \(instance.port)") { $0.isEmpty }
        }
        #expect(try scenario.state().outbox.isEmpty)
    }
}

/// A date from Alertmanager's RFC 3339 timestamps (with fractional seconds).
func parseRFC3339(_ text: String) -> Date? {
    let formatter = ISO8601DateFormatter()
    formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
    return formatter.date(from: text) ?? ISO8601DateFormatter().date(from: text)
}

extension Date {
    /// The date without its fraction of a second.
    func rounded() -> Date { Date(timeIntervalSince1970: timeIntervalSince1970.rounded(.down)) }
}
