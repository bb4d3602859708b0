import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// "A slow channel never delays another", held by ordering alone: each channel blocks on its own
/// FIFO until the test releases it, so a bus that delivered channels one after another could
/// never have both deliveries under way at once, nor finish the second while the first waits.
@Suite(.serialized) struct ChannelIndependenceTests {
    @Test func aSlowChannelNeverDelaysAnotherInCheck() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let first = try BlockingChannel("a-slow", in: scenario)
        let second = try BlockingChannel("b-slow", in: scenario)
        try scenario.setProbe(.expired)

        let check = Task { try await scenario.check() }
        try await waitUntil("both deliveries under way at once") { first.started == 1 && second.started == 1 }
        try await second.release()
        try await waitUntil("the second channel delivered while the first still waits") { second.delivered.count == 1 }
        #expect(first.delivered.isEmpty)
        try await first.release()
        let output = try await check.value
        #expect(output.exitStatus == 2, "\(output.stderrText)")
        #expect(first.delivered.map(\.state) == [.expired] && second.delivered.map(\.state) == [.expired])
        #expect(try scenario.state().outbox.isEmpty)
    }

    @Test func aSlowChannelNeverDelaysAnotherInTheDaemon() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(daemon: "interval = \"1h\"\njitter = \"0\"")
        let first = try BlockingChannel("a-slow", in: scenario)
        let second = try BlockingChannel("b-slow", in: scenario)
        try scenario.setProbe(.expired)

        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await waitUntil("both deliveries under way at once", context: daemon.log) {
            first.started == 1 && second.started == 1
        }
        try await second.release()
        try await waitUntil("the second channel delivered while the first still waits", context: daemon.log) {
            second.delivered.count == 1
        }
        #expect(first.delivered.isEmpty)
        try await first.release()
        try await waitUntil("the first channel delivered", context: daemon.log) { first.delivered.count == 1 }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit(timeout: .seconds(120)) == 0)
        #expect(first.delivered.count == 1 && second.delivered.count == 1)
        #expect(try scenario.state().outbox.isEmpty)
    }

    /// A channel that hangs is cut at its `timeout` and keeps its delivery in the outbox; the
    /// other channel's delivery goes out in the same run.
    @Test func aHangingChannelIsCutAtItsTimeoutAndKeepsItsDeliveryInTheOutbox() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("a-hang", extra: "timeout = \"1s\"")
        try scenario.addRecordingChannel("b-fast")
        try scenario.setChannelSleep("a-hang", seconds: 600)
        try scenario.setProbe(.expired)
        let output = try await scenario.check()
        #expect(output.exitStatus == 2)
        #expect(scenario.received("b-fast").map(\.event.state) == [.expired])
        #expect(scenario.received("a-hang").isEmpty)
        let pending = try scenario.state().outbox
        #expect(pending.map(\.channel) == ["a-hang"])
        #expect(pending.first?.lastError?.contains("timed out after 1s") == true, "\(pending)")
    }
}
