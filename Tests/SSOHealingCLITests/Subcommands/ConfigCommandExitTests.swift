import Foundation
import SSOHealingCore
import Testing

/// `config check` and `config show` exit 0 on a valid configuration and 78 (EX_CONFIG) on an
/// invalid one, naming the error as `FILE:LINE:COLUMN: message`.
@Suite(.serialized) struct ConfigCommandExitTests {
    private func run(_ arguments: [String], _ scenario: Scenario) async throws -> ProcessOutput {
        try await Binary.run(arguments, environment: scenario.environment)
    }

    @Test(arguments: [["config", "check"], ["config", "show"], ["config", "show", "--json"]])
    func aValidConfigurationExitsZero(_ command: [String]) async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("ops")
        let output = try await run(command, scenario)
        #expect(output.exitStatus == 0, "\(output.stderrText)")
    }

    @Test(arguments: [["config", "check"], ["config", "show"], ["config", "show", "--json"]])
    func anInvalidConfigurationExits78WithFileLineAndColumn(_ command: [String]) async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.addRecordingChannel("ops")
        let broken = try scenario.directory.write("config/config.toml", "[daemon]\ninterval = 5\n")
        let output = try await run(command, scenario)
        #expect(output.exitStatus == 78, "\(output.stdoutText)\(output.stderrText)")
        #expect(output.stderrText.contains("\(broken):2:12: "), "\(output.stderrText)")
    }

    /// `config check` validates every drop-in too: a broken one is an error at its place.
    @Test func configCheckExits78ForABrokenDropIn() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let broken = try scenario.directory.write(
            "config/notifiers.d/50-broken.toml", "type = \"exec\"\ncommand = [\"/bin/true\"]\nmin_severity = 3\n")
        let output = try await run(["config", "check"], scenario)
        #expect(output.exitStatus == 78, "\(output.stdoutText)\(output.stderrText)")
        #expect(output.stderrText.contains("\(broken):3:16: "), "\(output.stderrText)")
    }
}
