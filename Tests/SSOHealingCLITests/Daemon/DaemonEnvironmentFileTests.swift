import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// SIGHUP re-reads `--environment-file`: "add the variable to service.env, reload" works.
@Suite(.serialized) struct DaemonEnvironmentFileTests {
    @Test func sighupRereadsTheEnvironmentFileSoANewChannelsVariableTakesEffect() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let environmentFile = try scenario.directory.write("config/service.env", "OTHER=1\n")
        let daemon = try RunningDaemon(
            arguments: ["--environment-file", environmentFile], environment: scenario.environment,
            logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("start") { daemon.log.contains("running") }

        // A channel that needs a variable service.env does not set yet: that channel is disabled.
        let seen = scenario.directory.file("late.seen")
        let script = try scenario.directory.write(
            "late.sh", "#!/bin/sh\ncat > /dev/null\nprintf '%s' \"$LATE_TOKEN\" > \"\(seen)\"\n", mode: 0o755)
        try scenario.directory.write(
            "config/notifiers.d/late.toml",
            "type = \"exec\"\ncommand = [\"\(script)\"]\nenvironment = { LATE_TOKEN = \"${LATE_TOKEN}\" }\n")
        daemon.signal(SIGHUP)
        try await daemon.waitFor("the channel disabled") { daemon.log.contains("channel disabled: ") }
        #expect(daemon.log.contains("\"LATE_TOKEN\" is not set"), "\(daemon.log)")
        #expect(!daemon.log.contains("new configuration rejected"), "\(daemon.log)")

        // The variable added to service.env, as systemd's EnvironmentFile= syntax writes it.
        try scenario.directory.write("config/service.env", "OTHER=1\nLATE_TOKEN=a&b c # kept\n")
        daemon.signal(SIGHUP)
        try await daemon.waitFor("reloaded again") {
            daemon.log.components(separatedBy: "configuration reloaded").count == 3
        }
        try scenario.setProbe(.expired)
        try await daemon.waitFor("delivered to the new channel") { FileManager.default.fileExists(atPath: seen) }
        #expect(try String(contentsOfFile: seen, encoding: .utf8) == "a&b c # kept")
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    @Test func aMissingEnvironmentFileSetsNothingAndAnUnreadableOneStopsTheStartWith78() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let missing = try await Binary.run(
            ["config", "check", "--environment-file", scenario.directory.file("absent.env")],
            environment: scenario.environment)
        #expect(missing.exitStatus == 0, "\(missing.stderrText)")
        let folder = scenario.directory.file("config")
        let unreadable = try await Binary.run(["run", "--environment-file", folder], environment: scenario.environment)
        #expect(unreadable.exitStatus == 78)
        #expect(
            unreadable.stderrText.contains("\(folder):1:1: the environment file is a directory"),
            "\(unreadable.stderrText)")
    }
}
