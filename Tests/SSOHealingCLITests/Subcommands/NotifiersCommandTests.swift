import Foundation
import SSOHealingCore
import Testing

/// `notifiers list` names the channels of `notifiers.d/`; `notifiers test` sends a clearly marked
/// test alert through each and exits 0 only when every one was delivered.
@Suite(.serialized) struct NotifiersCommandTests {
    private func run(_ arguments: [String], _ scenario: Scenario) async throws -> ProcessOutput {
        try await Binary.run(arguments, environment: scenario.environment)
    }

    @Test func notifiersListNamesEveryChannelAndExitsZero() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops")
        try scenario.addRecordingChannel("20-pager")
        try scenario.directory.write("config/notifiers.d/90-off.toml.disabled", "type = \"exec\"\n")
        let output = try await run(["notifiers", "list"], scenario)
        #expect(output.exitStatus == 0, "\(output.stderrText)")
        #expect(output.stdoutText.contains("10-ops") && output.stdoutText.contains("20-pager"))
        #expect(!output.stdoutText.contains("90-off"), "only *.toml files are channels")
    }

    @Test func notifiersTestSendsAMarkedTestAlertThroughEachChannelAndExitsZeroWhenAllDelivered() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops")
        try scenario.addRecordingChannel("20-pager")
        let output = try await run(["notifiers", "test"], scenario)
        #expect(output.exitStatus == 0, "\(output.stdoutText)\(output.stderrText)")
        for channel in ["10-ops", "20-pager"] {
            let received = scenario.received(channel)
            #expect(received.count == 1, "\(channel)")
            #expect(received.first?.event.test == true, "\(channel): the alert is marked as a test")
        }
        #expect(try scenario.state().targets.isEmpty, "a test alert changes no target's state")
    }

    @Test func notifiersTestExitsOneWhenAChannelDoesNotDeliverAndSaysWhich() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops")
        try scenario.addRecordingChannel("20-down")
        try scenario.setChannelExit("20-down", 1)
        let output = try await run(["notifiers", "test"], scenario)
        #expect(output.exitStatus == 1, "\(output.stdoutText)\(output.stderrText)")
        #expect((output.stdoutText + output.stderrText).contains("20-down"))
        #expect(scenario.received("10-ops").count == 1, "the other channel still got its test alert")
        // Only the named channels, when names are given.
        let named = try await run(["notifiers", "test", "10-ops"], scenario)
        #expect(named.exitStatus == 0, "\(named.stdoutText)\(named.stderrText)")
        #expect(scenario.received("10-ops").count == 2)
    }
}
