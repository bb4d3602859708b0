import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// `config check` refuses a configuration whose channel cannot be read: exit 78, naming the
/// file, instead of "valid" and no channel; `check` names it too, and runs the probes without
/// that channel.
@Suite(.serialized) struct VanishedChannelTests {
    /// Each way a drop-in (or its folder) vanishes, and the path the error must name.
    static let cases: [(name: String, make: @Sendable (Scenario) throws -> String)] = [
        (
            "dangling symbolic link",
            { scenario in
                let path = scenario.configDirectory + "/notifiers.d/20-gone.toml"
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: "/nonexistent/x.toml")
                return path
            }
        ),
        (
            "looping symbolic link",
            { scenario in
                let path = scenario.configDirectory + "/notifiers.d/30-loop.toml"
                try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: path)
                return path
            }
        ),
        (
            "directory",
            { scenario in
                let path = scenario.configDirectory + "/notifiers.d/40-dir.toml"
                try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
                return path
            }
        ),
        (
            "notifiers.d is a regular file",
            { scenario in
                let path = scenario.configDirectory + "/notifiers.d"
                try FileManager.default.removeItem(atPath: path)
                _ = FileManager.default.createFile(atPath: path, contents: Data("type = \"console\"\n".utf8))
                return path
            }
        ),
    ]

    @Test(arguments: 0..<cases.count)
    func aVanishedChannelMakesTheConfigurationInvalidNamingTheFile(index: Int) async throws {
        let (name, make) = Self.cases[index]
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        if name != "notifiers.d is a regular file" { try scenario.addRecordingChannel("ops") }
        let path = try make(scenario)
        let configCheck = try await Binary.run(["config", "check"], environment: scenario.environment)
        #expect(configCheck.exitStatus == 78, "\(name): \(configCheck.stdoutText)")
        #expect(configCheck.stderrText.contains("\(path):1:1: "), "\(name): \(configCheck.stderrText)")
        #expect(!configCheck.stdoutText.contains("valid"), "\(name)")
        let check = try await Binary.run(["check"], environment: scenario.environment)
        #expect(check.exitStatus == 0, "\(name): \(check.stdoutText)")
        #expect(check.stderrText.contains("channel disabled: \(path):1:1: "), "\(name): \(check.stderrText)")
        #expect(check.stdoutText.contains("config: DEGRADED"), "\(name): \(check.stdoutText)")
    }
}
