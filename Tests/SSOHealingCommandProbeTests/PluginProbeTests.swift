import Foundation
import SSOHealingCommandProbe
import SSOHealingCore
import SSOHealingTestKit
import Testing

@Suite struct PluginProbeTests {
    @Test(arguments: [
        (0, HealthState.ok), (1, .degraded), (2, .expired), (3, .unknown), (4, .unknown), (127, .unknown),
    ])
    func eachExitStatusMapsToItsState(status: Int, state: HealthState) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plugin = try writePlugin(
            "check_status", in: directory, "echo \"STATUS \(status) | a=1;2;3\"\nexit \(status)")
        let result = await CommandProbe.make(command: [plugin], remedy: "reconnect", environment: testEnvironment)
            .check()
        #expect(result.state == state)
        #expect(result.summary == "STATUS \(status)")
        #expect(result.details["exit_status"] == "\(status)")
        #expect(result.remedy == (state == .ok ? nil : "reconnect"))
    }

    @Test func theSummaryIsTheFirstLineWithoutPerformanceData() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plugin = try writePlugin(
            "check_ping", in: directory,
            """
            printf '  PING WARNING - Packet loss = 30%%, RTA = 80.00 ms |rta=80.000000ms;100.000000;500.000000;0.000000 pl=30%%;20;60;0\\r\\n'
            echo 'second line | more=1'
            echo 'ignored' >&2
            exit 1
            """)
        let result = await CommandProbe.make(command: [plugin, "-H", "10.0.0.1"], environment: testEnvironment).check()
        #expect(result.state == .degraded)
        #expect(result.summary == "PING WARNING - Packet loss = 30%, RTA = 80.00 ms")
        #expect(result.details["perfdata"] == "rta=80.000000ms;100.000000;500.000000;0.000000 pl=30%;20;60;0")
        #expect((result.latencySeconds ?? -1) > 0)
    }

    @Test func noOutputSaysHowTheProgramExited() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plugin = try writePlugin("check_quiet", in: directory, "echo '   | only=perfdata'\nexit 2")
        let result = await CommandProbe.make(command: [plugin], environment: testEnvironment).check()
        #expect(result.state == .expired)
        #expect(result.summary == "check_quiet exited with status 2")
    }

    @Test func aPluginKilledByASignalIsUnknown() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let plugin = try writePlugin("check_crash", in: directory, "kill -SEGV $$")
        let result = await CommandProbe.make(command: [plugin], environment: testEnvironment).check()
        #expect(result.state == .unknown)
        #expect(result.summary == "check_crash was killed by signal \(SIGSEGV)")
    }

    @Test func aTimeoutIsUnknownAndKillsThePlugin() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let pidFile = directory.file("child.pid")
        let plugin = try writePlugin(
            "check_hang", in: directory, "sleep 1000 &\necho $! > \"$1\"\necho 'OK - not yet'\nwait")
        let result = await CommandProbe.make(
            command: [plugin, pidFile], timeout: .milliseconds(300), remedy: "check the VPN",
            environment: testEnvironment
        ).check()
        // The result says the run was cut at its timeout (an uncut one would sleep 1000 s).
        #expect(result.state == .unknown)
        #expect(result.summary == "timed out after 300ms")
        #expect(result.remedy == "check the VPN")
        #expect((result.latencySeconds ?? 0) >= 0.3)
        let text = try String(contentsOfFile: pidFile, encoding: .utf8)
        let pid = try #require(pid_t(text.trimmingCharacters(in: .whitespacesAndNewlines)))
        // The limit only turns a child that stays into a failure; it measures nothing.
        var gone = false
        let giveUp = ContinuousClock.now + .seconds(60)
        while !gone, ContinuousClock.now < giveUp {
            gone = kill(pid, 0) != 0 || isZombie(pid)
            if !gone { try await Task.sleep(for: .milliseconds(20)) }
        }
        #expect(gone, "the plugin's child outlived the timeout")
    }

    @Test func aMissingPluginIsUnknownWithAClearSummary() async throws {
        let result = await CommandProbe.make(
            command: ["check_does_not_exist", "--secret=x"], environment: ["PATH": "/usr/bin:/bin"]
        ).check()
        #expect(result.state == .unknown)
        #expect(result.summary == "program \"check_does_not_exist\" not found on PATH")
        #expect(result.latencySeconds != nil)
        let absolute = await CommandProbe.make(command: ["/opt/none/check_x"], environment: testEnvironment).check()
        #expect(absolute.summary == "program /opt/none/check_x not found")
    }

    private func isZombie(_ pid: pid_t) -> Bool {
        #if os(Linux)
            guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
                let end = stat.lastIndex(of: ")")
            else { return true }
            return stat[end...].hasPrefix(") Z")
        #else
            return false
        #endif
    }
}
