import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite(.serialized) struct DaemonTests {
    @Test func sighupWithABrokenConfigTomlKeepsTheRunningConfigurationAndSigtermExitsZero() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("ops")
        try scenario.addRecordingChannel("down")
        try scenario.setChannelExit("down", 75)
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("first cycle") { daemon.log.contains("running") }

        try scenario.setProbe(.expired)
        try await daemon.waitFor("expired delivered") { scenario.received("ops").count == 1 }

        let broken = try scenario.directory.write("config/config.toml", "[daemon]\ninterval = 5\n")
        daemon.signal(SIGHUP)
        try await daemon.waitFor("reload rejected") {
            daemon.log.contains("new configuration rejected; keeping the running one")
        }
        #expect(daemon.log.contains("configuration error: \(broken):2:12:"))

        // Still running the old configuration: the recovery is delivered.
        try scenario.setProbe(.ok)
        try await daemon.waitFor("resolved delivered") { scenario.received("ops").count == 2 }

        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        // Exactly the two changes, each once: nothing more went out before or at the stop.
        #expect(scenario.received("ops").map(\.key) == ["command:vpn|1|0|0", "command:vpn|1|1|0"])
        #expect(scenario.received("down").isEmpty)
        let pending = try scenario.state().outbox
        #expect(pending.map(\.channel) == ["down", "down"])
        #expect(daemon.log.contains("stopped; undelivered notifications stay in the outbox"))
    }

    @Test func aGoodReloadTakesEffect() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("start") { daemon.log.contains("running") }
        try scenario.addRecordingChannel("late")
        daemon.signal(SIGHUP)
        try await daemon.waitFor("reloaded") { daemon.log.contains("configuration reloaded") }
        try scenario.setProbe(.expired)
        try await daemon.waitFor("delivered to the new channel") { scenario.received("late").count == 1 }
        daemon.signal(SIGINT)
        #expect(try await daemon.waitForExit() == 0)
    }

    @Test func aBadConfigurationAtStartExits78() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.directory.write("config/config.toml", "[daemon]\ninterval = 5\n")
        let output = try await Binary.run(["run"], environment: scenario.environment)
        #expect(output.exitStatus == 78)
        #expect(output.stderrText.contains("config.toml:2:12: \"interval\" must be a duration string"))
    }

    @Test func killedAtManyPointsTheDaemonDeliversAtLeastOnceAndNeverRepeatsAnAcknowledgedDelivery() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig()
        try scenario.addRecordingChannel("ops")
        try scenario.setChannelSleep("ops", seconds: 0.05)
        var acknowledgedCounts: [String: Int] = [:]
        let states: [HealthState] = [.expired, .ok, .degraded, .expired, .ok]
        for round in 0..<15 {
            try scenario.setProbe(states[round % states.count])
            let daemon = try RunningDaemon(
                arguments: [], environment: scenario.environment,
                logPath: scenario.directory.file("daemon-\(round).log"))
            try await Task.sleep(for: .milliseconds(150 + (round * 37) % 400))
            daemon.signal(SIGKILL)
            _ = try await daemon.waitForExit()
            // What the state says was acknowledged must never be delivered again.
            let state = try scenario.state()
            let pending = Set(state.outbox.map(\.key))
            let counts = Dictionary(grouping: scenario.received("ops"), by: { "ops|" + $0.key }).mapValues(\.count)
            for (key, count) in acknowledgedCounts {
                #expect(counts[key] == count, "acknowledged delivery \(key) was repeated")
            }
            for key in state.ledger.keys where !pending.contains(key) && key.channel == "ops" {
                acknowledgedCounts[key.description] = counts[key.description] ?? 0
            }
        }
        // Finally let it run to completion: everything enqueued is delivered at least once.
        let daemon = try RunningDaemon(
            arguments: ["--verbose"], environment: scenario.environment,
            logPath: scenario.directory.file("daemon-final.log"))
        try await daemon.waitFor("the first cycle") { daemon.log.contains("probe finished") }
        try await daemon.waitFor("outbox drained") { (try? scenario.state().outbox.isEmpty) == true }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let state = try scenario.state()
        let counts = Dictionary(grouping: scenario.received("ops"), by: { "ops|" + $0.key }).mapValues(\.count)
        for key in state.ledger.keys where key.channel == "ops" {
            #expect((counts[key.description] ?? 0) >= 1, "\(key) was never delivered")
        }
        for (key, count) in acknowledgedCounts {
            #expect(counts[key] == count, "acknowledged delivery \(key) was repeated")
        }
        #expect(state.ledger.keys.filter { $0.channel == "ops" }.count >= 3)
    }
}

@Suite(.serialized) struct DaemonReloadTests {
    /// A probe that marks each run's start in `started-N` and finishes (ok) only once `go-N` exists.
    static func writeSlowProbe(_ scenario: Scenario) throws {
        let dir = scenario.directory.path
        let script = try scenario.directory.write(
            "slow-probe.sh",
            """
            #!/bin/sh
            n=$(cat "\(dir)/runs" 2>/dev/null || echo 0); n=$((n + 1)); echo $n > "\(dir)/runs"
            touch "\(dir)/started-$n"
            while [ ! -f "\(dir)/go-$n" ]; do sleep 0.05; done
            echo "slow but fine"
            exit 0
            """, mode: 0o755)
        try scenario.directory.write(
            "config/config.toml",
            """
            [daemon]
            interval = "1s"
            jitter = "0"

            [probe.slow]
            type = "command"
            command = ["\(script)"]
            timeout = "5m"
            failure_threshold = 1
            """)
    }

    @Test func aReloadDuringASlowHealthyProbeSendsNothingFiveTimesInARow() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try Self.writeSlowProbe(scenario)
        try scenario.addRecordingChannel("ops")
        let daemon = try RunningDaemon(
            arguments: ["--verbose"], environment: scenario.environment,
            logPath: scenario.directory.file("daemon.log"))
        for round in 1...5 {
            try await daemon.waitFor("probe run \(round) started") {
                FileManager.default.fileExists(atPath: scenario.directory.file("started-\(round)"))
            }
            daemon.signal(SIGHUP)
            try await daemon.waitFor("reload \(round)") {
                daemon.log.components(separatedBy: "configuration reloaded").count - 1 == round
            }
            try scenario.directory.write("go-\(round)", "")
        }
        // The sixth run starts only after the fifth finished: every reloaded cycle ended as ok.
        try await daemon.waitFor("probe run 6 started") {
            FileManager.default.fileExists(atPath: scenario.directory.file("started-6"))
        }
        // A shutdown in the middle of a probe is no result either.
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(scenario.received("ops").isEmpty, "\(scenario.received("ops").map(\.event.summary))")
        #expect(!daemon.log.contains("state changed"), "\(daemon.log)")
        let state = try scenario.state()
        #expect(state.targets["slow"]?.health.state == .ok)
        #expect(state.targets["slow"]?.lastResult?.summary == "slow but fine")
    }
}

extension DaemonReloadTests {
    @Test func aReloadCarriesTheScheduleOnAndProbesOnlyANewProbeAtOnce() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try Self.writeSlowProbe(scenario)
        for run in 1...3 { try scenario.directory.write("go-\(run)", "") }
        var config = try String(contentsOfFile: scenario.directory.file("config/config.toml"), encoding: .utf8)
        config = config.replacingOccurrences(of: "interval = \"1s\"", with: "interval = \"1h\"")
        try scenario.directory.write("config/config.toml", config)
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("first cycle done") { (try? scenario.state().targets["slow"]?.lastResult) != nil }

        // Unchanged: no cycle now, the next one an hour after the first.
        daemon.signal(SIGHUP)
        try await daemon.waitFor("schedule carried on") { daemon.log.contains("carrying the schedule on") }
        #expect(daemon.log.contains("next cycle in 59m") || daemon.log.contains("next cycle in 1h"), "\(daemon.log)")

        // A new probe: it alone runs at once.
        try scenario.writeConfig(probes: ["vpn"])
        let vpn = try String(contentsOfFile: scenario.directory.file("config/config.toml"), encoding: .utf8)
        try scenario.directory.write(
            "config/config.toml", config + "\n" + vpn.components(separatedBy: "[probe.vpn]")[1].prefixed("[probe.vpn]"))
        daemon.signal(SIGHUP)
        try await daemon.waitFor("the new probe ran") { (try? scenario.state().targets["vpn"]?.lastResult) != nil }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        let runs = try String(contentsOfFile: scenario.directory.file("runs"), encoding: .utf8)
        #expect(runs.trimmingCharacters(in: .whitespacesAndNewlines) == "1", "the unchanged probe ran again")
        #expect(daemon.log.contains("probing_now=vpn"), "\(daemon.log)")
    }
}

extension String {
    fileprivate func prefixed(_ prefix: String) -> String { prefix + self }
}

extension DaemonReloadTests {
    /// A channel another process holds (a timer-driven `check` delivering to it) is looked at again
    /// shortly, not at the next cycle: with a one-hour interval the alert still goes out once the
    /// other process lets go.
    @Test func aChannelAnotherProcessHeldIsDeliveredOnceItLetsGoNotAtTheNextCycle() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(daemon: "interval = \"1h\"\njitter = \"0\"")
        try scenario.addRecordingChannel("ops")
        try scenario.setProbe(.expired)
        try FileManager.default.createDirectory(atPath: scenario.stateDirectory, withIntermediateDirectories: true)
        chmod(scenario.stateDirectory, 0o700)
        let held = try #require(try FileLock.tryLock(path: scenario.stateDirectory + "/channel-ops.lock"))
        let daemon = try RunningDaemon(
            arguments: ["--verbose"], environment: scenario.environment,
            logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("the alert raised") { daemon.log.contains("state changed") }
        try await daemon.waitFor("the worker found the channel held") {
            daemon.log.contains("another process is delivering to this channel")
        }
        #expect(scenario.received("ops").isEmpty)
        held.unlock()
        try await daemon.waitFor("delivered without another cycle") { scenario.received("ops").count == 1 }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(daemon.log.components(separatedBy: "state changed").count == 2, "one cycle only")
    }
}
