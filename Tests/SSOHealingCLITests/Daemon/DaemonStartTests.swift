import Foundation
import SSOHealingCore
import SSOHealingTestKit
import Testing

/// The daemon never freezes at start: it came up, said `running`, and never ran a cycle, about
/// once in fifty starts, while AsyncAlgorithms' `merge` (behind ServiceLifecycle's
/// `cancelOnGracefulShutdown()`) ended the SIGHUP loop: its `next()` holds a lock across a
/// suspension, and the merge's child tasks blocked on it on both of the pool's threads.
@Suite(.serialized) struct DaemonStartTests {
    /// How many starts; at the rate the freeze had, 60 starts caught it more often than not.
    static let starts = 60

    @Test func theDaemonRunsItsFirstCycleOnEveryStart() async throws {
        let scenario = try Scenario()
        defer { scenario.directory.remove() }
        try scenario.writeConfig(daemon: "interval = \"1h\"\njitter = \"0\"")
        for start in 1...Self.starts {
            try? FileManager.default.removeItem(atPath: scenario.stateDirectory)
            let daemon = try RunningDaemon(
                arguments: ["--verbose"], environment: scenario.environment,
                logPath: scenario.directory.file("daemon-\(start).log"))
            // A generous limit: it only turns a freeze into a failure that shows the threads.
            try await daemon.waitFor("start \(start): the first cycle", timeout: .seconds(30)) {
                daemon.log.contains("probe finished")
            }
            daemon.signal(SIGTERM)
            #expect(try await daemon.waitForExit() == 0, "start \(start)")
        }
    }
}
