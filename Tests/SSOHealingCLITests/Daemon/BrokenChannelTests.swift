import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// A drop-in that cannot be built disables its own channel only: the probes keep running, the
/// other channels keep delivering, and they hear of it as the target `sso-self-healing:config`.
@Suite(.serialized) struct BrokenChannelTests {
    static let opsSecret = "ops-t0ken-s3cr3t"
    static let pagerSecret = "pager-t0ken-s3cr3t"

    /// The events of the daemon's own target a recording channel received.
    func configurationEvents(_ scenario: Scenario, _ channel: String) -> [AlertEvent] {
        scenario.received(channel).map(\.event).filter { $0.fingerprint == "sso-self-healing:config" }
    }

    /// The events of the scripted probe `vpn` a recording channel received.
    func probeEvents(_ scenario: Scenario, _ channel: String) -> [AlertEvent] {
        scenario.received(channel).map(\.event).filter { $0.fingerprint == "command:vpn" }
    }

    @Test func runKeepsProbingTellsTheWorkingChannelAndAReloadWithTheVariableBringsTheChannelBack() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops", extra: "environment = { OPS_TOKEN = \"${OPS_WEBHOOK_TOKEN}\" }")
        // PAGER_TOKEN is set nowhere yet: this channel cannot be built.
        try scenario.addRecordingChannel("20-pager", extra: "environment = { PAGER_TOKEN = \"${PAGER_TOKEN}\" }")
        let pagerFile = scenario.configDirectory + "/notifiers.d/20-pager.toml"
        let environmentFile = try scenario.directory.write("config/service.env", "OTHER=1\n", mode: 0o600)
        var environment = scenario.environment
        environment["OPS_WEBHOOK_TOKEN"] = Self.opsSecret
        environment.removeValue(forKey: "PAGER_TOKEN")
        let daemon = try RunningDaemon(
            arguments: ["--environment-file", environmentFile], environment: environment,
            logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("start") { daemon.log.contains("running") }
        #expect(daemon.log.contains("channel disabled: \(pagerFile):3:"), "\(daemon.log)")

        // The working channel hears of the broken one, with the file and line.
        try await daemon.waitFor("the configuration alert") { !configurationEvents(scenario, "10-ops").isEmpty }
        let alert = try #require(configurationEvents(scenario, "10-ops").first)
        #expect(alert.state == .degraded && alert.kind == "sso-self-healing" && alert.probe == "config")
        #expect(alert.summary.contains("channel 20-pager is disabled"), "\(alert.summary)")
        #expect(alert.summary.contains("\(pagerFile):3:"), "\(alert.summary)")
        #expect(alert.summary.contains("\"PAGER_TOKEN\" is not set"), "\(alert.summary)")

        // The probe keeps running and the working channel keeps delivering.
        try scenario.setProbe(.expired)
        try await daemon.waitFor("the probe's alert") { probeEvents(scenario, "10-ops").count == 1 }
        #expect(scenario.received("20-pager").isEmpty)
        try scenario.setProbe(.ok)
        try await daemon.waitFor("the probe's resolution") { probeEvents(scenario, "10-ops").count == 2 }
        #expect(configurationEvents(scenario, "10-ops").count == 1, "no repeat while nothing changes")

        // The variable provided in the environment file the daemon re-reads on SIGHUP.
        try scenario.directory.write("config/service.env", "OTHER=1\nPAGER_TOKEN=\(Self.pagerSecret)\n", mode: 0o600)
        daemon.signal(SIGHUP)
        try await daemon.waitFor("the resolution") { configurationEvents(scenario, "10-ops").count == 2 }
        let resolution = try #require(configurationEvents(scenario, "10-ops").last)
        #expect(resolution.resolved && resolution.state == .ok && resolution.episode == alert.episode)
        #expect(daemon.log.contains("configuration reloaded"))

        // The channel is back: it gets the next alert.
        try scenario.setProbe(.expired)
        try await daemon.waitFor("the returned channel's alert") { probeEvents(scenario, "20-pager").count == 1 }
        #expect(configurationEvents(scenario, "20-pager").isEmpty, "it never heard of the episode")

        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let state = try scenario.state()
        #expect(state.targets["config"]?.health.state == .ok)
        let outputs = [
            daemon.log, try String(contentsOfFile: scenario.directory.file("10-ops.log"), encoding: .utf8),
            try String(contentsOfFile: scenario.stateDirectory + "/state.json", encoding: .utf8),
        ]
        for output in outputs {
            #expect(!output.contains(Self.opsSecret) && !output.contains(Self.pagerSecret))
        }
    }

    @Test func aNewlyBrokenDropInOnReloadDisablesOnlyItself() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops")
        try scenario.addRecordingChannel("20-pager")
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("start") { daemon.log.contains("running") }
        try scenario.directory.write(
            "config/notifiers.d/20-pager.toml", "type = \"exec\"\ncommand = [\"/bin/true\"]\nmin_severity = \"loud\"\n")
        daemon.signal(SIGHUP)
        try await daemon.waitFor("the configuration alert") { !configurationEvents(scenario, "10-ops").isEmpty }
        #expect(!daemon.log.contains("new configuration rejected"))
        let alert = try #require(configurationEvents(scenario, "10-ops").first)
        #expect(alert.summary.contains("20-pager.toml:3:"), "\(alert.summary)")
        try scenario.setProbe(.expired)
        try await daemon.waitFor("the probe's alert") { probeEvents(scenario, "10-ops").count == 1 }
        #expect(scenario.received("20-pager").isEmpty)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
    }

    /// Each way a drop-in cannot be built: (file text, what the error names).
    static let brokenDropIns: [(text: String, names: String)] = [
        ("type = \"exec\"\ncommand = [\"/bin/true\"]\nenvironment = { T = \"${BROKEN_UNSET_VARIABLE}\" }\n", ":3:"),
        ("type = \"slack\"\nwebhook_url_file = \"/nonexistent/slack-url\"\n", ":2:"),
        ("type = \"exec\"\ncommand = [\"/bin/true\"]\nmin_severity = \"loud\"\n", ":3:"),
        ("type = \"nowhere-such-type\"\n", ":1:"),
        ("type = \"exec\"\ncommand = [\"/bin/true\"\n", ":2:"),
    ]

    @Test(arguments: 0..<brokenDropIns.count)
    func checkRunsTheProbesAndExitsByThemWhileConfigCheckStillExits78(index: Int) async throws {
        let (text, location) = Self.brokenDropIns[index]
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops")
        let broken = try scenario.directory.write("config/notifiers.d/20-broken.toml", text)

        let configCheck = try await Binary.run(["config", "check"], environment: scenario.environment)
        #expect(configCheck.exitStatus == 78, "\(configCheck.stdoutText)")
        #expect(configCheck.stderrText.contains(broken + location), "\(configCheck.stderrText)")

        let first = try await scenario.check()
        #expect(first.exitStatus == 0, "\(first.stderrText)")
        #expect(first.stderrText.contains("channel disabled: \(broken)\(location)"), "\(first.stderrText)")
        #expect(first.stdoutText.contains("vpn: OK"), "\(first.stdoutText)")
        #expect(
            first.stdoutText.contains(
                "config: DEGRADED (this run: DEGRADED, threshold reached) - channel 20-broken is disabled"),
            "\(first.stdoutText)")
        #expect(configurationEvents(scenario, "10-ops").count == 1)

        try scenario.setProbe(.expired)
        let second = try await scenario.check()
        #expect(second.exitStatus == 2, "\(second.stdoutText)")
        #expect(probeEvents(scenario, "10-ops").map(\.state) == [.expired])
        #expect(configurationEvents(scenario, "10-ops").count == 1, "a repeated check sends it once")

        let status = try await Binary.run(["status"], environment: scenario.environment)
        #expect(status.exitStatus == 2, "\(status.stdoutText)")
        #expect(status.stdoutText.contains("config (sso-self-healing): DEGRADED"), "\(status.stdoutText)")

        try FileManager.default.removeItem(atPath: broken)
        let fixed = try await scenario.check()
        #expect(fixed.exitStatus == 2)
        let events = configurationEvents(scenario, "10-ops")
        #expect(events.map(\.resolved) == [false, true])
        let after = try await Binary.run(["status"], environment: scenario.environment)
        #expect(!after.stdoutText.contains("config (sso-self-healing)"), "\(after.stdoutText)")
    }

    @Test func aBrokenConfigTomlStillStopsTheStartWith78() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops")
        try scenario.directory.write(
            "config/notifiers.d/20-broken.toml", "type = \"exec\"\ncommand = [\"/bin/true\"]\nmin_severity = \"loud\"\n"
        )
        try scenario.directory.write("config/config.toml", "[daemon]\ninterval = 5\n")
        for command in [["run"], ["check"]] {
            let output = try await Binary.run(command, environment: scenario.environment)
            #expect(output.exitStatus == 78, "\(command)")
            #expect(output.stderrText.contains("config.toml:2:12:"), "\(output.stderrText)")
            #expect(output.stderrText.contains("20-broken.toml:3:"), "every error is shown")
        }
    }

    @Test func notifiersTestDeliversThroughTheWorkingChannelsAndFailsForADisabledOne() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("10-ops")
        let broken = try scenario.directory.write(
            "config/notifiers.d/20-broken.toml", "type = \"exec\"\ncommand = [\"/bin/true\"]\nmin_severity = \"loud\"\n"
        )
        let all = try await Binary.run(["notifiers", "test"], environment: scenario.environment)
        #expect(all.exitStatus == 1, "\(all.stdoutText)")
        #expect(all.stdoutText.contains("10-ops: delivered"), "\(all.stdoutText)")
        #expect(all.stderrText.contains("channel disabled: \(broken):3:"), "\(all.stderrText)")
        #expect(scenario.received("10-ops").map(\.event.test) == [true])
        let named = try await Binary.run(["notifiers", "test", "20-broken"], environment: scenario.environment)
        #expect(named.exitStatus == 1)
        #expect(named.stderrText.contains("channel 20-broken is disabled"), "\(named.stderrText)")
    }
}
