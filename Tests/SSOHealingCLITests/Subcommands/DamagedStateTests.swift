import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A damaged state file never makes the binary send an acknowledged alert again; a state file of
/// a newer version is refused and left as it is.
@Suite(.serialized) struct DamagedStateTests {
    typealias Damage = StateDamage

    /// A scenario whose probe fails at once, with a channel recording what it gets, after one
    /// `check` that delivered the alert.
    private func scenarioAfterOneDelivery() async throws -> Scenario {
        let scenario = try Scenario()
        try scenario.writeConfig(failureThreshold: 1)
        try scenario.addRecordingChannel("ops")
        try scenario.setProbe(.expired)
        let output = try await scenario.check()
        #expect(output.exitStatus == 2, "\(output.stderrText)")
        #expect(deliveries(in: scenario) == 1)
        return scenario
    }

    /// Lines the channel appended: one per delivery.
    private func deliveries(in scenario: Scenario) -> Int {
        let text = (try? String(contentsOfFile: scenario.directory.file("ops.log"), encoding: .utf8)) ?? ""
        return text.split(separator: "\n").count
    }

    private func statePath(_ scenario: Scenario, _ name: String = "state.json") -> String {
        scenario.stateDirectory + "/" + name
    }

    /// Every file in the state directory with its bytes.
    private func snapshot(_ scenario: Scenario) throws -> [String: Data] {
        var files: [String: Data] = [:]
        for name in try FileManager.default.contentsOfDirectory(atPath: scenario.stateDirectory) {
            files[name] = FileManager.default.contents(atPath: statePath(scenario, name))
        }
        return files
    }

    private func status(_ scenario: Scenario) async throws -> ProcessOutput {
        try await Binary.run(["status"], environment: scenario.environment)
    }

    @Test(arguments: Damage.allCases)
    func aDamagedStateFileDoesNotSendAnAcknowledgedAlertAgain(_ damage: Damage) async throws {
        let scenario = try await scenarioAfterOneDelivery()
        defer { scenario.remove() }
        let path = statePath(scenario)
        let original = try #require(FileManager.default.contents(atPath: path))
        try damage.bytes(from: original).write(to: URL(fileURLWithPath: path))

        let output = try await scenario.check()
        #expect(output.exitStatus == 2, "\(output.stderrText)")
        #expect(deliveries(in: scenario) == 1, "the alert was sent again")
        #expect(output.stderrText.contains(path), "the warning names the damaged file: \(output.stderrText)")
        #expect(try await scenario.check().exitStatus == 2)
        #expect(try await status(scenario).exitStatus == 2)
        #expect(deliveries(in: scenario) == 1)
    }

    @Test func aDamagedStateFileIsKeptAsideNotDeleted() async throws {
        let scenario = try await scenarioAfterOneDelivery()
        defer { scenario.remove() }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: statePath(scenario)))
        try await scenario.check()
        let aside = try snapshot(scenario).filter { $0.key.hasPrefix("state.json.corrupt-") }
        #expect(aside.map(\.value) == [Data("garbage".utf8)])
    }

    @Test func whenNeitherStateFileIsUsableCheckStartsAfreshWithAnErrorNamingBoth() async throws {
        let scenario = try await scenarioAfterOneDelivery()
        defer { scenario.remove() }
        try Data("garbage".utf8).write(to: URL(fileURLWithPath: statePath(scenario)))
        try Data("null".utf8).write(to: URL(fileURLWithPath: statePath(scenario, "state.json.bak")))

        let status = try await status(scenario)
        #expect(status.exitStatus == 3)
        #expect(status.stderrText.contains("cannot read the state"), "\(status.stderrText)")
        #expect(
            status.stderrText.contains(statePath(scenario))
                && status.stderrText.contains(statePath(scenario, "state.json.bak")))

        let output = try await scenario.check()
        #expect(output.exitStatus == 2)
        let error = output.stderrText.split(separator: "\n").first { $0.contains("no usable state") } ?? ""
        #expect(
            error.contains(statePath(scenario)) && error.contains(statePath(scenario, "state.json.bak")),
            "\(output.stderrText)")
    }

    @Test(arguments: ["state.json", "state.json.bak"])
    func aStateFileOfANewerVersionIsRefusedAndLeftUntouched(_ name: String) async throws {
        let scenario = try await scenarioAfterOneDelivery()
        defer { scenario.remove() }
        let path = statePath(scenario, name)
        try Data(#"{"version":99,"ledger":{"k":"future"},"generation":12}"#.utf8).write(to: URL(fileURLWithPath: path))
        let before = try snapshot(scenario)

        let check = try await scenario.check()
        #expect(check.exitStatus == 3)
        #expect(check.stderrText.contains(path), "\(check.stderrText)")
        #expect(check.stderrText.contains("newer version"), "\(check.stderrText)")
        let status = try await status(scenario)
        #expect(status.exitStatus == 3)
        #expect(status.stderrText.contains(path), "\(status.stderrText)")
        let run = try await Binary.run(["run"], environment: scenario.environment)
        #expect(run.exitStatus == 1)
        #expect(run.stderrText.contains(path), "\(run.stderrText)")

        #expect(try snapshot(scenario) == before)
        #expect(deliveries(in: scenario) == 1)
    }
}
