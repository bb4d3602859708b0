import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct StateMetricsTests {
    static let t0 = Date(timeIntervalSince1970: 1_800_000_000)

    /// A state with an expired aws-sso target (its alert waiting for `ops`), counted deliveries,
    /// and `vpn` never probed.
    static func state() -> EngineState {
        let planner = NotificationPlanner(channels: [ChannelRoute(name: "ops")], host: "h", makeID: { "id-1" })
        var state = EngineState()
        let target = NotificationPlanner.Target(
            name: "corp", kind: "aws-sso", tracker: HealthTracker(failureThreshold: 1))
        planner.record(ProbeResult(state: .ok, summary: "fine", at: t0), for: target, at: t0, in: &state)
        let later = t0.addingTimeInterval(600)
        planner.record(
            ProbeResult(
                state: .expired, summary: "session expired",
                details: [
                    "access_token_expires_at": "2027-01-15T10:00:00Z", "session_expires_at": "2027-02-01T09:00:00Z",
                    "registration_expires_at": "2027-03-01T00:00:00Z", "start_url": "https://x.awsapps.com/start",
                ], at: later), for: target, at: later, in: &state)
        state.deliveryCounts["ops"] = DeliveryCounts()
        state.deliveryCounts["ops"]?.delivered = 3
        state.deliveryCounts["ops"]?.retried = 1
        return state
    }

    @Test func theExpositionNamesEachTargetsStateExpiryProbesAndEachChannelsDeliveries() {
        let text = StateMetrics.exposition(
            state: Self.state(), targets: [("corp", "aws-sso"), ("vpn", "command")], channels: ["ops", "desk\"top"],
            now: Self.t0.addingTimeInterval(601.7))
        // 2027-01-15T10:00:00Z = 1800007200, 2027-02-01T09:00:00Z = 1801472400, 2027-03-01T00:00:00Z = 1803859200
        let expected = """
            # HELP sso_self_healing_target_state Whether the target is in the state (1) or not (0), after the probe's thresholds.
            # TYPE sso_self_healing_target_state gauge
            sso_self_healing_target_state{target="corp",kind="aws-sso",state="ok"} 0
            sso_self_healing_target_state{target="corp",kind="aws-sso",state="degraded"} 0
            sso_self_healing_target_state{target="corp",kind="aws-sso",state="expired"} 1
            sso_self_healing_target_state{target="corp",kind="aws-sso",state="unknown"} 0
            sso_self_healing_target_state{target="vpn",kind="command",state="ok"} 0
            sso_self_healing_target_state{target="vpn",kind="command",state="degraded"} 0
            sso_self_healing_target_state{target="vpn",kind="command",state="expired"} 0
            sso_self_healing_target_state{target="vpn",kind="command",state="unknown"} 1
            # HELP sso_self_healing_access_token_expiry_timestamp_seconds Unix time at which the cached SSO access token expires (it is refreshed before).
            # TYPE sso_self_healing_access_token_expiry_timestamp_seconds gauge
            sso_self_healing_access_token_expiry_timestamp_seconds{target="corp"} 1800007200
            # HELP sso_self_healing_registration_expiry_timestamp_seconds Unix time at which the SSO OIDC client registration expires.
            # TYPE sso_self_healing_registration_expiry_timestamp_seconds gauge
            sso_self_healing_registration_expiry_timestamp_seconds{target="corp"} 1803859200
            # HELP sso_self_healing_session_expiry_timestamp_seconds Unix time at which the IAM Identity Center session ends (forecast from session_lifetime): a login is needed then.
            # TYPE sso_self_healing_session_expiry_timestamp_seconds gauge
            sso_self_healing_session_expiry_timestamp_seconds{target="corp"} 1801472400
            # HELP sso_self_healing_last_probe_timestamp_seconds Unix time of the target's last probe, whatever it found.
            # TYPE sso_self_healing_last_probe_timestamp_seconds gauge
            sso_self_healing_last_probe_timestamp_seconds{target="corp"} 1800000600
            # HELP sso_self_healing_last_success_timestamp_seconds Unix time of the target's last probe that found it ok.
            # TYPE sso_self_healing_last_success_timestamp_seconds gauge
            sso_self_healing_last_success_timestamp_seconds{target="corp"} 1800000000
            # HELP sso_self_healing_outbox_deliveries Notifications waiting in the channel's outbox.
            # TYPE sso_self_healing_outbox_deliveries gauge
            sso_self_healing_outbox_deliveries{channel="ops"} 1
            sso_self_healing_outbox_deliveries{channel="desk\\"top"} 0
            # HELP sso_self_healing_deliveries_total Delivery attempts by result (delivered, retried, failed), and deliveries dropped unsent after outbox_max_age.
            # TYPE sso_self_healing_deliveries_total counter
            sso_self_healing_deliveries_total{channel="ops",result="delivered"} 3
            sso_self_healing_deliveries_total{channel="ops",result="retried"} 1
            sso_self_healing_deliveries_total{channel="ops",result="failed"} 0
            sso_self_healing_deliveries_total{channel="ops",result="dropped"} 0
            sso_self_healing_deliveries_total{channel="desk\\"top",result="delivered"} 0
            sso_self_healing_deliveries_total{channel="desk\\"top",result="retried"} 0
            sso_self_healing_deliveries_total{channel="desk\\"top",result="failed"} 0
            sso_self_healing_deliveries_total{channel="desk\\"top",result="dropped"} 0
            # HELP sso_self_healing_metrics_timestamp_seconds Unix time at which this file was written (after a probe cycle).
            # TYPE sso_self_healing_metrics_timestamp_seconds gauge
            sso_self_healing_metrics_timestamp_seconds 1800000601

            """
        #expect(text == expected)
    }

    @Test func promtoolAcceptsTheExposition() async throws {
        let text = StateMetrics.exposition(
            state: Self.state(), targets: [("corp", "aws-sso"), ("vpn", "command")], channels: ["ops", "a\\b\nc"],
            now: Self.t0)
        let promtool = try #require(
            try? ProcessRunner.executablePath(for: "promtool", environment: ProcessInfo.processInfo.environment),
            "promtool is not installed: install the Debian package prometheus (scripts/lib.sh ensure_test_dependencies)"
        )
        let output = try await ProcessRunner.run(
            [promtool, "check", "metrics"], stdin: Array(text.utf8), environment: ProcessInfo.processInfo.environment,
            timeout: .seconds(60))
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
        #expect(output.stdoutText.isEmpty && output.stderrText.isEmpty, "no lint findings: \(output.stderrText)")
    }

    @Test func onlyExpiryDetailsBecomeExpiryMetrics() {
        #expect(
            StateMetrics.expiryMetric(forDetail: "session_expires_at")
                == "sso_self_healing_session_expiry_timestamp_seconds")
        #expect(StateMetrics.expiryMetric(forDetail: "start_url") == nil)
        #expect(StateMetrics.expiryMetric(forDetail: "_expires_at") == nil)
        #expect(StateMetrics.expiryMetric(forDetail: "bad-name_expires_at") == nil)
        #expect(MetricsExposition.escapeLabel("a\\b\"c\nd") == "a\\\\b\\\"c\\nd")
    }

    @Test func deliveryCountsSurviveTheStateFile() throws {
        var state = Self.state()
        state.deliveryCounts["ops"]?.dropped = 2
        let data = try AlertEvent.encoder().encode(state)
        let decoded = try AlertEvent.decoder().decode(EngineState.self, from: data)
        #expect(decoded.deliveryCounts == state.deliveryCounts)
        #expect(decoded.targets["corp"]?.lastOkAt == Self.t0)
        // A state written before the counts existed reads as none counted.
        var older = state
        older.deliveryCounts = [:]
        let olderData = try AlertEvent.encoder().encode(older)
        #expect(!String(decoding: olderData, as: UTF8.self).contains("deliveryCounts"))
        #expect(try AlertEvent.decoder().decode(EngineState.self, from: olderData).deliveryCounts.isEmpty)
    }
}
