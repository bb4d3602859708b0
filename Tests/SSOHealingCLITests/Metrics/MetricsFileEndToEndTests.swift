import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The samples of a Prometheus text exposition: `name{labels}` → value (the test's own reader).
func metricSamples(_ text: String) -> [String: Double] {
    var samples: [String: Double] = [:]
    for line in text.split(separator: "\n") where !line.hasPrefix("#") {
        guard let space = line.lastIndex(of: " "), let value = Double(line[line.index(after: space)...]) else {
            continue
        }
        samples[String(line[..<space])] = value
    }
    return samples
}

/// `[daemon] metrics_file` through the real binary.
@Suite(.serialized) struct MetricsFileEndToEndTests {
    @Test func checkWritesAReadableFileWhoseCountsCarryAcrossRuns() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let path = scenario.directory.file("textfile/sso-self-healing.prom")
        try FileManager.default.createDirectory(
            atPath: scenario.directory.file("textfile"), withIntermediateDirectories: true)
        try scenario.writeConfig(daemon: "interval = \"1s\"\njitter = \"0\"\nmetrics_file = \"\(path)\"")
        try scenario.addRecordingChannel("ops")

        try scenario.setProbe(.expired)
        #expect(try await scenario.check().exitStatus == 2)
        var samples = metricSamples(try String(contentsOfFile: path, encoding: .utf8))
        #expect(samples["sso_self_healing_target_state{target=\"vpn\",kind=\"command\",state=\"expired\"}"] == 1)
        #expect(samples["sso_self_healing_target_state{target=\"vpn\",kind=\"command\",state=\"ok\"}"] == 0)
        #expect(samples["sso_self_healing_deliveries_total{channel=\"ops\",result=\"delivered\"}"] == 1)
        #expect(samples["sso_self_healing_outbox_deliveries{channel=\"ops\"}"] == 0)
        #expect(samples["sso_self_healing_last_success_timestamp_seconds{target=\"vpn\"}"] == nil)
        let attributes = try FileManager.default.attributesOfItem(atPath: path)
        #expect((attributes[.posixPermissions] as? NSNumber)?.intValue == 0o644)

        try scenario.setProbe(.ok)
        #expect(try await scenario.check().exitStatus == 0)
        let text = try String(contentsOfFile: path, encoding: .utf8)
        samples = metricSamples(text)
        #expect(samples["sso_self_healing_target_state{target=\"vpn\",kind=\"command\",state=\"ok\"}"] == 1)
        #expect(samples["sso_self_healing_deliveries_total{channel=\"ops\",result=\"delivered\"}"] == 2)
        let probed = try #require(samples["sso_self_healing_last_probe_timestamp_seconds{target=\"vpn\"}"])
        #expect(samples["sso_self_healing_last_success_timestamp_seconds{target=\"vpn\"}"] == probed)

        let promtool = try #require(
            try? ProcessRunner.executablePath(for: "promtool", environment: scenario.environment),
            "promtool is not installed: install the Debian package prometheus (scripts/lib.sh ensure_test_dependencies)"
        )
        let lint = try await ProcessRunner.run(
            [promtool, "check", "metrics"], stdin: Array(text.utf8), environment: scenario.environment,
            timeout: .seconds(60))
        #expect(lint.exitStatus == 0, "\(lint.stdoutText)\(lint.stderrText)")
    }

    @Test func theDaemonRewritesTheFileAfterEveryCycle() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let path = scenario.directory.file("metrics.prom")
        try scenario.writeConfig(daemon: "interval = \"1s\"\njitter = \"0\"\nmetrics_file = \"\(path)\"")
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        func state(_ name: String) -> Double? {
            let text = (try? String(contentsOfFile: path, encoding: .utf8)) ?? ""
            return metricSamples(text)[
                "sso_self_healing_target_state{target=\"vpn\",kind=\"command\",state=\"\(name)\"}"]
        }
        try await daemon.waitFor("a file saying ok") { state("ok") == 1 }
        try scenario.setProbe(.degraded)
        try await daemon.waitFor("a file saying degraded") { state("degraded") == 1 }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    @Test func aMetricsFileMustBeAnAbsolutePromFile() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(daemon: "metrics_file = \"metrics.txt\"")
        var output = try await Binary.run(["config", "check"], environment: scenario.environment)
        #expect(output.exitStatus == 78)
        #expect(output.stderrText.contains("config.toml:2:"), "FILE:LINE:COLUMN: \(output.stderrText)")
        #expect(output.stderrText.contains("\"metrics_file\" must be an absolute path"))
        try scenario.writeConfig(daemon: "metrics_file = \"/var/lib/node-exporter/sso.txt\"")
        output = try await Binary.run(["config", "check"], environment: scenario.environment)
        #expect(output.exitStatus == 78)
        #expect(output.stderrText.contains("\"metrics_file\" must end in .prom"))
    }
}
