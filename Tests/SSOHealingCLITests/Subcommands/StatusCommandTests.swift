import Foundation
import SSOHealingCore
import Testing

/// `status` exits as `check` does (0 ok, 1 degraded, 2 expired, 3 unknown) from what was last
/// seen, and probes nothing.
@Suite(.serialized) struct StatusCommandTests {
    private func status(_ scenario: Scenario, _ arguments: [String] = []) async throws -> ProcessOutput {
        try await Binary.run(["status"] + arguments, environment: scenario.environment)
    }

    @Test func statusExitsThreeBeforeAnyProbeHasRun() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let output = try await status(scenario)
        #expect(output.exitStatus == 3, "\(output.stdoutText)\(output.stderrText)")
    }

    @Test func statusExitCodesFollowTheNagiosConventionFromTheLastResults() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(probes: ["a", "b"])
        try await scenario.check()
        #expect(try await status(scenario).exitStatus == 0)
        try scenario.setProbe(.degraded, named: "b")
        try await scenario.check()
        #expect(try await status(scenario).exitStatus == 1)
        #expect(try await status(scenario, ["--json"]).exitStatus == 1)
        try scenario.setProbe(.expired, named: "a")
        try await scenario.check()
        #expect(try await status(scenario).exitStatus == 2)
    }

    @Test func statusProbesNothing() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("ops")
        try await scenario.check()
        try scenario.setProbe(.expired)
        // A probe would now see expired (exit 2) and alert; status reports what was last seen.
        #expect(try await status(scenario).exitStatus == 0)
        #expect(try await status(scenario, ["--json"]).exitStatus == 0)
        #expect(scenario.received("ops").isEmpty)
        #expect(try scenario.state().targets["vpn"]?.health.state == .ok)
    }
}
