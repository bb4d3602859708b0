import Logging
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One configuration's daemon: the ``Scheduler`` running the engine's cycles, the
/// ``NotifierBus``'s channel workers and the ``HealingFollower``, until stopped.
///
/// A reload stops a loop with ``StopMode/finishingCycle``: a cycle under way ends under the
/// configuration it began with, and the next loop carries the schedule on (see
/// ``nextCycle``) rather than probing again at once. A shutdown stops it with
/// ``StopMode/now``: a cycle under way is cancelled and records nothing; deliveries under way
/// finish either way.
public final class DaemonLoop<C: Clock>: Sendable where C.Duration == Duration {
    /// How a loop stops.
    public enum StopMode: Sendable {
        /// Let a cycle under way finish (a reload).
        case finishingCycle
        /// Cancel a cycle under way: it records nothing (a shutdown).
        case now
    }

    /// The engine it runs.
    public let engine: AlertEngine
    private let clock: C
    private let logger: Logger
    private let beforeCycle: @Sendable () async -> Void
    private let afterCycle: @Sendable (Result<[ProbeOutcome], any Error>) async -> Void
    private let follower: HealingFollower
    /// Raised after each cycle, so that the reminder timer looks at the state again.
    private let cycleEnded = WakeSignal()

    private struct State {
        var stopMode: StopMode?
        var scheduler: Task<Void, Never>?
        var cycle: Task<Void, Never>?
        var lastCycleStarted: C.Instant?
    }

    private let state = Mutex(State())

    /// Creates a loop; `beforeCycle` is called as each cycle begins, `afterCycle` hears each
    /// cycle's outcomes, or the error that kept it from running (not a cycle cut short by a
    /// shutdown: that is no cycle at all).
    public init(
        engine: AlertEngine, clock: C, logger: Logger,
        beforeCycle: @escaping @Sendable () async -> Void = {},
        afterCycle: @escaping @Sendable (Result<[ProbeOutcome], any Error>) async -> Void = { _ in }
    ) {
        self.engine = engine
        self.clock = clock
        self.logger = logger
        self.beforeCycle = beforeCycle
        self.afterCycle = afterCycle
        self.follower = HealingFollower(engine: engine, clock: clock, logger: logger)
    }

    /// When the next full cycle is due: an interval after the last one began (nil before the first).
    public var nextCycle: C.Instant? {
        let interval = engine.runtime.configuration.daemon.interval
        return state.withLock { $0.lastCycleStarted?.advanced(by: interval) }
    }

    /// Runs until stopped: first a cycle of `probeAtOnce` (the probes a reload added or changed)
    /// when not empty, then every probe after `firstCycleAfter` and every interval after that.
    public func run(firstCycleAfter: Duration = .zero, probeAtOnce: Set<String> = []) async {
        let daemon = engine.runtime.configuration.daemon
        let scheduler = Scheduler(
            interval: daemon.interval, jitter: daemon.jitter, clock: clock, wallClock: engine.now, logger: logger)
        if firstCycleAfter > .zero {
            logger.info(
                "carrying the schedule on: next cycle in \(ConfigDuration.format(firstCycleAfter))",
                metadata: ["probing_now": "\(probeAtOnce.sorted().joined(separator: ","))"])
        }
        let schedulerTask = Task {
            if firstCycleAfter > .zero && !probeAtOnce.isEmpty {
                await self.runCycle(only: probeAtOnce)
            }
            await scheduler.run(firstAfter: firstCycleAfter) { await self.runCycle(only: nil) }
        }
        let alreadyStopped = state.withLock { state -> Bool in
            state.scheduler = schedulerTask
            return state.stopMode != nil
        }
        if alreadyStopped { schedulerTask.cancel() }
        let bus = engine.bus
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await bus.run() }
            if !engine.channelsRemindingBetweenCycles.isEmpty {
                group.addTask { await self.remindBetweenCycles() }
            }
            await schedulerTask.value
            bus.stop()
            follower.stop()
            group.cancelAll()
        }
    }

    /// Sends the reminders of the channels that remind between cycles (Alertmanager's re-sends)
    /// when they fall due, until cancelled: it sleeps until the next one is due, or, when nothing
    /// is firing, without any timer until a cycle ends (a cycle may start an episode).
    private func remindBetweenCycles() async {
        let clock = clock
        while !Task.isCancelled {
            let next: Date?
            do {
                next = try engine.remindBetweenCycles()
            } catch {
                logger.error("cannot send the reminders due between cycles", metadata: ["reason": "\(error)"])
                next = nil
            }
            guard let next else {
                await cycleEnded.wait()
                continue
            }
            let delay = Duration.seconds(max(0, next.timeIntervalSince(engine.now())))
            guard delay > .zero else { continue }
            await cycleEnded.wait(timeout: delay) {
                try await clock.sleep(until: clock.now.advanced(by: $0), tolerance: nil)
            }
        }
    }

    /// One cycle in a task of its own, so that stopping the scheduler's wait does not cut it
    /// short; only ``stop(_:)`` with ``StopMode/now`` cancels it.
    private func runCycle(only names: Set<String>?) async {
        let engine = engine
        let follower = follower
        let beforeCycle = beforeCycle
        let afterCycle = afterCycle
        let logger = logger
        let cycle = Task {
            do {
                await beforeCycle()
                let outcomes = try await engine.cycle(only: names)
                follower.follow(outcomes)
                engine.bus.wake()
                await afterCycle(.success(outcomes))
            } catch is CancellationError {
                logger.debug("probe cycle cut short by a shutdown: nothing recorded")
            } catch {
                logger.error("probe cycle failed", metadata: ["reason": "\(error)"])
                await afterCycle(.failure(error))
            }
        }
        let started = clock.now
        let cancelled = state.withLock { state -> Bool in
            if names == nil { state.lastCycleStarted = started }
            state.cycle = cycle
            return state.stopMode == .now
        }
        if cancelled { cycle.cancel() }
        await cycle.value
        state.withLock { $0.cycle = nil }
        cycleEnded.raise()
    }

    /// Stops the loop (see ``StopMode``); ``run(firstCycleAfter:probeAtOnce:)`` returns once the
    /// cycle and deliveries under way are done.
    public func stop(_ mode: StopMode) {
        // Not started yet: `run` cancels its scheduler as soon as it starts.
        let (scheduler, cycle) = state.withLock { state -> (Task<Void, Never>?, Task<Void, Never>?) in
            if state.stopMode != .now { state.stopMode = mode }
            return (state.scheduler, state.cycle)
        }
        scheduler?.cancel()
        if mode == .now { cycle?.cancel() }
    }
}
