import Foundation
import Logging
import SSOHealingCore
import SSOHealingTestKit
import Synchronization
import Testing

/// A probe that reports whatever the test sets, and counts its runs.
final class SettableProbe: Probe {
    let clock: TestClock
    private let state = Mutex<(result: HealthState, runs: Int)>((.ok, 0))

    init(clock: TestClock) { self.clock = clock }

    var runs: Int { state.withLock { $0.runs } }
    func set(_ result: HealthState) { state.withLock { $0.result = result } }

    func check() async -> ProbeResult {
        let result = state.withLock { state -> HealthState in
            state.runs += 1
            return state.result
        }
        return ProbeResult(state: result, summary: "vpn \(result.rawValue)", at: clock.date)
    }
}

struct WaitTimeout: Error, CustomStringConvertible {
    var description: String
}

/// The daemon's reminders between cycles (Alertmanager's re-sends), on a test clock.
@Suite struct DaemonLoopReminderTests {
    /// Waits (real time) until `condition` holds: an event, never a duration the code must meet.
    func waitFor(_ what: String, _ condition: () -> Bool) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !condition() {
            guard ContinuousClock.now < deadline else {
                throw WaitTimeout(description: "timed out waiting for \(what)")
            }
            try await Task.sleep(for: .milliseconds(2))
        }
    }

    @Test func aChannelThatRemindsBetweenCyclesIsRemindedOnItsOwnDeadlineUntilTheTargetRecovers() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let clock = TestClock()
        let probe = SettableProbe(clock: clock)
        let resending = RecordingChannel()
        let plain = RecordingChannel()
        try directory.write(
            "config/config.toml",
            "[daemon]\ninterval = \"10m\"\njitter = \"0\"\n[probe.vpn]\ntype = \"settable\"\nfailure_threshold = 1\n")
        try directory.write("config/notifiers.d/10-resend.toml", "type = \"resending\"\nrepeat_interval = \"1m\"\n")
        try directory.write("config/notifiers.d/20-plain.toml", "type = \"plain\"\nrepeat_interval = \"1m\"\n")
        let registry = Registry()
        registry.register(probe: "settable", ProbeFactory(schema: ConfigSchema(keys: [])) { _ in probe })
        registry.register(
            notifier: NotifierType(rawValue: "resending"),
            NotifierFactory(schema: ConfigSchema(keys: []), remindsBetweenCycles: true) { _ in resending })
        registry.register(
            notifier: NotifierType(rawValue: "plain"), NotifierFactory(schema: ConfigSchema(keys: [])) { _ in plain })
        let configuration = try ConfigurationLoader(
            directory: directory.file("config"), environment: [:], kinds: registry.kinds
        ).load().get()
        let logger = Logger(label: "test.reminders")
        let runtime = try BuiltConfiguration.build(
            configuration: configuration, registry: registry, environment: [:],
            stateDirectory: directory.file("state"), logger: logger)
        let engine = AlertEngine(
            runtime: runtime, store: StateStore(directory: directory.file("state"), logger: logger),
            now: { clock.date }, clock: clock, logger: logger)
        #expect(engine.channelsRemindingBetweenCycles == ["10-resend"])

        probe.set(.expired)
        let loop = DaemonLoop(engine: engine, clock: clock, logger: logger)
        let running = Task { await loop.run() }

        try await waitFor("the alert on both channels") { resending.received.count == 1 && plain.received.count == 1 }
        // The scheduler's wait for the next cycle and the reminder's deadline, both asleep before
        // the clock moves (a sleep that began after a move would end that much later). Sleepers
        // are told apart by when they are due: a count alone would take a sleep about to end for
        // the one the test means.
        let minute = Duration.seconds(60)
        try await clock.waitForSleepers(dueIn: [minute, minute * 10])
        for reminder in 1...3 {
            clock.advance(by: minute)
            try await waitFor("reminder \(reminder)") { resending.received.count == reminder + 1 }
            try await clock.waitForSleepers(dueIn: [minute, minute * (10 - reminder)])
        }
        #expect(resending.received.map(\.reminder) == [0, 1, 2, 3])
        #expect(probe.runs == 1, "no cycle ran: the reminders came on their own deadline")
        #expect(plain.received.map(\.reminder) == [0], "other channels are reminded at cycles only")

        // The next cycle resolves the episode; with nothing firing, the reminder timer is gone and
        // only the scheduler's next cycle is left.
        probe.set(.ok)
        clock.advance(by: minute * 7)
        try await waitFor("the resolution") { resending.received.last?.resolved == true }
        try await clock.waitForSleepers(dueIn: [minute * 10])
        #expect(probe.runs == 2)
        let count = resending.received.count
        clock.advance(by: minute * 5)
        #expect(clock.sleepersDueIn == [minute * 5])
        #expect(resending.received.count == count)

        // A new episode starts the reminders again.
        probe.set(.expired)
        clock.advance(by: minute * 5)
        try await waitFor("the new alert") { resending.received.last?.episode == 2 }
        try await clock.waitForSleepers(dueIn: [minute, minute * 10])
        clock.advance(by: minute)
        try await waitFor("its first reminder") {
            resending.received.last?.episode == 2 && resending.received.last?.reminder == 1
        }
        loop.stop(.now)
        await running.value
    }
}
