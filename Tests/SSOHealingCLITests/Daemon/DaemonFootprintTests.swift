#if os(Linux)
    import Foundation
    import SSOHealingCore
    import Testing

    /// What the running daemon holds, read from /proc: the reasons an idle daemon stays asleep and
    /// small (see GlobalExecutor, ProcessSignals and CCurl's loader).
    @Suite(.serialized) struct DaemonFootprintTests {
        @Test func aDaemonWithOnlyLocalChannelsRunsNoDispatchWorkerAndNeverLoadsLibcurl() async throws {
            let scenario = try Scenario()
            defer { scenario.remove() }
            try scenario.writeConfig()
            try scenario.addRecordingChannel("ops")
            let daemon = try RunningDaemon(
                arguments: [], environment: scenario.environment, logPath: scenario.directory.file("daemon.log"))
            try await daemon.waitFor("first cycle") { daemon.log.contains("running") }
            // The runtime took the pool: the daemon checked, and said so.
            #expect(daemon.log.contains("tasks run on a pool of"), "\(daemon.log)")
            // A delivery with its timeout, and a reload: timers, child processes and a signal all ran.
            try scenario.setProbe(.expired)
            try await daemon.waitFor("expired delivered") { scenario.received("ops").count == 1 }
            daemon.signal(SIGHUP)
            try await daemon.waitFor("reloaded") { daemon.log.contains("configuration reloaded") }

            let threads = try FileManager.default.contentsOfDirectory(atPath: "/proc/\(daemon.pid)/task")
                .map { try String(contentsOfFile: "/proc/\(daemon.pid)/task/\($0)/comm", encoding: .utf8) }
            // libdispatch names its pool threads after their queues ("…default-qos", "…qos.overcommit");
            // one of them running starts its once-a-second pool monitor.
            #expect(threads.filter { $0.contains("qos") }.isEmpty, "Dispatch workers: \(threads)")
            let maps = try String(contentsOfFile: "/proc/\(daemon.pid)/maps", encoding: .utf8)
            #expect(!maps.contains("libcurl"), "libcurl is mapped though no channel or probe uses HTTP")

            daemon.signal(SIGTERM)
            #expect(try await daemon.waitForExit() == 0)
        }
    }
#endif
