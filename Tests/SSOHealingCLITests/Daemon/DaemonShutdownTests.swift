import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// SIGTERM and SIGINT finish the deliveries under way, persist, and exit 0.
@Suite(.serialized) struct DaemonShutdownTests {
    @Test(arguments: [SIGTERM, SIGINT])
    func aStopSignalFinishesTheDeliveryUnderWayAndExitsZero(_ signal: Int32) async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(daemon: "interval = \"1h\"\njitter = \"0\"")
        let channel = try BlockingChannel("ops", in: scenario)
        try scenario.setProbe(.expired)
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await waitUntil("the delivery under way", context: daemon.log) { channel.started == 1 }

        daemon.signal(signal)
        try await waitUntil("the daemon heard the signal", context: daemon.log) {
            daemon.log.contains("shutting down: finishing deliveries under way")
        }
        #expect(daemon.isRunning, "it must not exit with a delivery under way")
        try await channel.release()
        #expect(try await daemon.waitForExit(timeout: .seconds(120)) == 0, "\(daemon.log)")
        #expect(channel.delivered.map(\.state) == [.expired])
        let state = try scenario.state()
        #expect(state.outbox.isEmpty, "the finished delivery was persisted as acknowledged")
        #expect(state.ledger.keys.map(\.description) == ["ops|command:vpn|1|0|0"])
    }
}
