import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The binary refuses a state directory others can change and a planted lock symlink, saying
/// why, and never follows the link.
@Suite(.serialized) struct UnsafeStateDirectoryTests {
    private func scenario() throws -> Scenario {
        let scenario = try Scenario()
        try scenario.writeConfig(failureThreshold: 1)
        try scenario.addRecordingChannel("ops")
        try scenario.setProbe(.expired)
        return scenario
    }

    private func run(_ arguments: [String], _ scenario: Scenario) async throws -> ProcessOutput {
        try await Binary.run(arguments, environment: scenario.environment)
    }

    private func mode(_ path: String) -> Int? {
        var info = stat()
        guard lstat(path, &info) == 0 else { return nil }
        return Int(info.st_mode) & 0o7777
    }

    @Test func aPlantedStateLockSymlinkIsRefusedWithAMessageAndItsTargetNeverCreated() async throws {
        let scenario = try scenario()
        defer { scenario.remove() }
        try FileManager.default.createDirectory(atPath: scenario.stateDirectory, withIntermediateDirectories: true)
        chmod(scenario.stateDirectory, 0o700)
        let lock = scenario.stateDirectory + "/state.lock"
        let target = scenario.directory.file("elsewhere")
        try FileManager.default.createSymbolicLink(atPath: lock, withDestinationPath: target)

        let check = try await run(["check"], scenario)
        #expect(check.exitStatus == 3)
        #expect(check.stderrText.contains(lock) && check.stderrText.contains("symbolic link"), "\(check.stderrText)")
        // The daemon's cycles fail, each saying why.
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("a refused cycle") {
            daemon.log.contains("probe cycle failed") && daemon.log.contains(lock)
                && daemon.log.contains("symbolic link")
        }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)

        #expect(!FileManager.default.fileExists(atPath: target))
        #expect(try FileManager.default.destinationOfSymbolicLink(atPath: lock) == target)
        #expect(!FileManager.default.fileExists(atPath: scenario.directory.file("ops.log")), "nothing was delivered")
    }

    @Test func aGroupWritableStateDirectoryIsRefusedWithAMessageNotChmodded() async throws {
        let scenario = try scenario()
        defer { scenario.remove() }
        try FileManager.default.createDirectory(atPath: scenario.stateDirectory, withIntermediateDirectories: true)
        chmod(scenario.stateDirectory, 0o770)

        for (command, status) in [("check", Int32(3)), ("status", 3), ("run", 1)] {
            let output = try await run([command], scenario)
            #expect(output.exitStatus == status, "\(command): \(output.stderrText)")
            #expect(
                output.stderrText.contains(scenario.stateDirectory)
                    && output.stderrText.contains("group or others can write"), "\(command): \(output.stderrText)")
        }
        #expect(mode(scenario.stateDirectory) == 0o770)
        #expect(try FileManager.default.contentsOfDirectory(atPath: scenario.stateDirectory).isEmpty)
        #expect(!FileManager.default.fileExists(atPath: scenario.directory.file("ops.log")), "nothing was delivered")
    }

    @Test func statusSaysWhenItCannotReadTheState() async throws {
        let scenario = try scenario()
        defer { scenario.remove() }
        try await scenario.check()
        let path = scenario.stateDirectory + "/state.json"
        try FileManager.default.removeItem(atPath: path)
        try FileManager.default.createSymbolicLink(atPath: path, withDestinationPath: scenario.directory.file("x"))
        let status = try await run(["status"], scenario)
        #expect(status.exitStatus == 3)
        #expect(
            status.stderrText.contains("cannot read the state") && status.stderrText.contains(path),
            "\(status.stderrText)")
        #expect(!status.stdoutText.contains("not probed yet"))
    }
}
