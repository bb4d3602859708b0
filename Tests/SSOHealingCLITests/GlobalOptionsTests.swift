import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The global options every subcommand accepts: `--config-dir` and `--state-dir` (over their
/// environment variables) and `--log-format json` (one JSON object a line on stderr).
@Suite(.serialized) struct GlobalOptionsTests {
    @Test func configDirAndStateDirOptionsWinOverTheirEnvironmentVariables() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("ops")
        try scenario.setProbe(.expired)
        var environment = scenario.environment
        environment["SSO_SELF_HEALING_CONFIG_DIR"] = scenario.directory.file("no-such-config")
        environment["SSO_SELF_HEALING_STATE_DIR"] = scenario.directory.file("other-state")
        let output = try await Binary.run(
            ["check", "--config-dir", scenario.configDirectory, "--state-dir", scenario.stateDirectory],
            environment: environment)
        #expect(output.exitStatus == 2, "\(output.stdoutText)\(output.stderrText)")
        #expect(scenario.received("ops").count == 1)
        #expect(try scenario.state().targets["vpn"]?.health.state == .expired)
        #expect(!FileManager.default.fileExists(atPath: scenario.directory.file("other-state")))
    }

    @Test func logFormatJSONWritesOneJSONObjectPerLine() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("ops")
        try scenario.setProbe(.expired)
        let output = try await Binary.run(
            ["check", "--log-format", "json", "--verbose"], environment: scenario.environment)
        #expect(output.exitStatus == 2)
        let lines = output.stderrText.split(separator: "\n").map(String.init)
        try #require(!lines.isEmpty, "a verbose check logs something")
        for line in lines {
            let object = try? JSONDecoder().decode([String: LogField].self, from: Data(line.utf8))
            #expect(object != nil, "not one JSON object: \(line)")
        }
    }

    @Test func runWithoutProbesSaysItWatchesNothingAndStopsCleanly() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.directory.write("config/config.toml", "[daemon]\ninterval = \"1h\"\n")
        try scenario.addRecordingChannel("ops")
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("the start") { daemon.log.contains("running") }
        #expect(daemon.log.contains("watching nothing"), "\(daemon.log)")
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }
}

/// Any JSON value a log line's field may hold.
private enum LogField: Decodable {
    case string(String), number(Double), bool(Bool), object([String: LogField]), array([LogField]), null

    init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        if container.decodeNil() {
            self = .null
        } else if let value = try? container.decode(Bool.self) {
            self = .bool(value)
        } else if let value = try? container.decode(Double.self) {
            self = .number(value)
        } else if let value = try? container.decode(String.self) {
            self = .string(value)
        } else if let value = try? container.decode([LogField].self) {
            self = .array(value)
        } else {
            self = .object(try container.decode([String: LogField].self))
        }
    }
}
