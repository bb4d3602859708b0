import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// `[daemon] heartbeat_url` through the real binary, against a loopback server.
@Suite(.serialized) struct HeartbeatEndToEndTests {
    static let key = "hb-key-5f1c0e"

    /// config.toml with a scripted probe and the heartbeat pointing at `server`.
    func configure(_ scenario: Scenario, server: LoopbackHTTPServer) throws {
        try scenario.writeConfig(
            daemon: "interval = \"1s\"\njitter = \"0\"\nheartbeat_url = \"\(server.url("/ping/\(Self.key)?rid=7"))\"")
    }

    @Test func eachCheckPingsSuccessOrFailAndAFailedPingChangesNothing() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let server = try LoopbackHTTPServer { _ in .text("OK") }
        defer { server.stop() }
        try configure(scenario, server: server)
        try scenario.addRecordingChannel("ops")

        #expect(try await scenario.check().exitStatus == 0)
        try scenario.setProbe(.expired)
        #expect(try await scenario.check().exitStatus == 2)
        #expect(try await scenario.check().exitStatus == 2)
        try scenario.setProbe(.ok)
        #expect(try await scenario.check().exitStatus == 0)
        #expect(
            server.requests.map(\.path) == [
                "/ping/\(Self.key)?rid=7", "/ping/\(Self.key)/2?rid=7", "/ping/\(Self.key)/2?rid=7",
                "/ping/\(Self.key)?rid=7",
            ])
        #expect(server.requests.allSatisfy { $0.method == "GET" })

        // A monitor that is down or refuses: logged without the URL, never an event or an exit status.
        server.handler = { _ in .text("not found", status: 404) }
        var output = try await scenario.check()
        #expect(output.exitStatus == 0)
        #expect(output.stderrText.contains("heartbeat ping failed: the server answered HTTP 404"))
        server.stop()
        try scenario.setProbe(.expired)
        output = try await scenario.check()
        #expect(output.exitStatus == 2)
        #expect(output.stderrText.contains("heartbeat ping failed: could not connect to the server"))
        #expect(!output.stderrText.contains(Self.key) && !output.stdoutText.contains(Self.key))
        #expect(
            scenario.received("ops").map(\.key) == [
                "command:vpn|1|0|0", "command:vpn|1|1|0", "command:vpn|2|0|0",
            ])
        #expect(try scenario.state().outbox.isEmpty)
    }

    @Test func theDaemonPingsAfterEveryCycleWithTheExitStatusWhileATargetIsNotOk() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let server = try LoopbackHTTPServer { _ in .text("OK") }
        defer { server.stop() }
        try configure(scenario, server: server)
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        let success = "/ping/\(Self.key)?rid=7"
        let failure = "/ping/\(Self.key)/2?rid=7"
        try await daemon.waitFor("two success pings") { server.requests.filter { $0.path == success }.count >= 2 }
        #expect(!server.requests.contains { $0.path == failure })

        try scenario.setProbe(.expired)
        try await daemon.waitFor("a fail ping") { server.requests.contains { $0.path == failure } }
        try scenario.setProbe(.ok)
        try await daemon.waitFor("success again") { server.requests.last?.path == success }
        let paths = server.requests.map(\.path)
        let firstFail = try #require(paths.firstIndex(of: failure))
        #expect(paths[..<firstFail].allSatisfy { $0 == success })
        #expect(paths[firstFail...].contains(success))

        server.stop()
        try await daemon.waitFor("a failed ping logged") { daemon.log.contains("heartbeat ping failed") }
        let cycles = daemon.log.components(separatedBy: "heartbeat ping failed").count
        try await daemon.waitFor("the daemon to keep cycling") {
            daemon.log.components(separatedBy: "heartbeat ping failed").count > cycles
        }
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(!daemon.log.contains(Self.key))
    }

    @Test func aDaemonCycleThatCannotRunPingsUnknown() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let server = try LoopbackHTTPServer { _ in .text("OK") }
        defer { server.stop() }
        try configure(scenario, server: server)
        // A directory where the state lock must be: every cycle fails to record its results.
        try FileManager.default.createDirectory(
            atPath: scenario.stateDirectory + "/state.lock", withIntermediateDirectories: true)
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        try await daemon.waitFor("a failed cycle") { daemon.log.contains("probe cycle failed") }
        _ = await server.waitForRequests(1)
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(server.requests.first?.path == "/ping/\(Self.key)/3?rid=7")
    }

    /// A probe whose summary quotes the heartbeat key, so a body that is not redacted would leak it.
    func writeLeakyProbe(_ scenario: Scenario) throws {
        try scenario.directory.write(
            "probe-vpn.sh",
            """
            #!/bin/sh
            code=$(cat "\(scenario.directory.file("probe-vpn.state"))" 2>/dev/null || echo 0)
            echo "vpn state $code via \(Self.key)"
            exit $code
            """, mode: 0o755)
    }

    @Test func startAndLogSendStartThenTheStatusWithTheRedactedSummaryAsItsBody() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        let server = try LoopbackHTTPServer { _ in .text("OK") }
        defer { server.stop() }
        try scenario.writeConfig(
            daemon: """
                heartbeat_url = "\(server.url("/ping/\(Self.key)"))"
                heartbeat_start = true
                heartbeat_log = true
                """)
        try writeLeakyProbe(scenario)
        try scenario.setProbe(.expired)
        #expect(try await scenario.check().exitStatus == 2)
        try scenario.setProbe(.ok)
        #expect(try await scenario.check().exitStatus == 0)
        let requests = server.requests
        #expect(
            requests.map { "\($0.method) \($0.path)" } == [
                "GET /ping/\(Self.key)/start", "POST /ping/\(Self.key)/2", "GET /ping/\(Self.key)/start",
                "POST /ping/\(Self.key)",
            ])
        #expect(requests[1].bodyText == "1 of 1 target not ok: vpn expired (vpn state 2 via <redacted>)")
        #expect(requests[3].bodyText == "1 target ok")
        #expect(!requests.contains { $0.bodyText.contains(Self.key) })
    }

    @Test func aHangingMonitorNeverHoldsUpTheDaemonsCycles() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        // The monitor takes the first ping and never answers it.
        let server = try LoopbackHTTPServer { _ in .hang }
        defer { server.stop() }
        try scenario.writeConfig(
            daemon: """
                interval = "1s"
                jitter = "0"
                heartbeat_url = "\(server.url("/ping/\(Self.key)"))"
                heartbeat_start = true
                """)
        try scenario.addRecordingChannel("ops")
        try scenario.setProbe(.expired)
        let daemon = try RunningDaemon(
            arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
        #expect(await server.waitForRequests(1))
        try await daemon.waitFor("the expired event") { scenario.received("ops").count == 1 }
        try scenario.setProbe(.ok)
        try await daemon.waitFor("the resolution, cycles later") { scenario.received("ops").count == 2 }
        // One ping in flight, however many cycles ran: the others wait in one slot, newest wins.
        #expect(server.requests.map(\.path) == ["/ping/\(Self.key)/start"])
        server.stop()
        daemon.signal(SIGTERM)
        #expect(try await daemon.waitForExit() == 0)
        #expect(!daemon.log.contains(Self.key))
    }

    @Test func startAndLogWithoutAURLAreConfigurationErrors() async throws {
        let scenario = try Scenario()
        defer { scenario.remove() }
        try scenario.writeConfig(daemon: "heartbeat_start = true\nheartbeat_log = true")
        let output = try await Binary.run(["config", "check"], environment: scenario.environment)
        #expect(output.exitStatus == 78)
        #expect(output.stderrText.contains("config.toml:2:19: \"heartbeat_start\" needs \"heartbeat_url\""))
        #expect(output.stderrText.contains("config.toml:3:17: \"heartbeat_log\" needs \"heartbeat_url\""))
    }
}
