import Logging
import SSOHealingCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One configuration's worth of daemon: the scheduler and one delivery worker per channel,
/// running until stopped (by a reload or a shutdown).
final class DaemonGeneration: Sendable {
    let engine: AlertEngine
    private let logger: Logger
    private let stopSignal = Wakeup()
    private let stopped = Mutex(false)
    private let channelWakeups: [String: Wakeup]
    /// Called after each cycle with its outcomes, or `nil` when the cycle could not run.
    private let afterCycle: @Sendable ([ProbeOutcome]?) async -> Void
    private let healing: HealingPoller

    init(
        engine: AlertEngine, logger: Logger, afterCycle: @escaping @Sendable ([ProbeOutcome]?) async -> Void = { _ in }
    ) {
        self.engine = engine
        self.logger = logger
        self.afterCycle = afterCycle
        var wakeups: [String: Wakeup] = [:]
        for channel in engine.runtime.channels { wakeups[channel.name] = Wakeup() }
        self.channelWakeups = wakeups
        let all = Array(wakeups.values)
        let raise = { @Sendable in for wakeup in all { wakeup.raise() } }
        self.healing = HealingPoller(engine: engine, logger: logger, wake: raise)
    }

    var isStopped: Bool { stopped.withLock { $0 } }

    /// Asks the generation to finish: the scheduler stops at once, deliveries under way finish.
    func stop() {
        stopped.withLock { $0 = true }
        stopSignal.raise()
        healing.stop()
        for wakeup in channelWakeups.values { wakeup.raise() }
    }

    /// Runs until stopped.
    func run<C: Clock>(clock: C) async where C.Duration == Duration {
        let daemon = engine.runtime.configuration.daemon
        let scheduler = Scheduler(
            interval: daemon.interval, jitter: daemon.jitter, clock: clock, wallClock: engine.now, logger: logger)
        let engine = engine
        let logger = logger
        let wakeups = channelWakeups
        let afterCycle = afterCycle
        let healing = healing
        let schedulerTask = Task {
            await scheduler.run {
                do {
                    let outcomes = try await engine.cycle()
                    healing.follow(outcomes)  // poll pending logins between cycles
                    for wakeup in wakeups.values { wakeup.raise() }
                    await afterCycle(outcomes)
                } catch {
                    logger.error("probe cycle failed", metadata: ["reason": "\(error)"])
                    await afterCycle(nil)
                }
            }
        }
        await withTaskGroup(of: Void.self) { group in
            for channel in engine.runtime.channels {
                let wakeup = channelWakeups[channel.name]!
                group.addTask { await self.deliver(channel: channel.name, wakeup: wakeup) }
            }
            group.addTask {
                await self.stopSignal.wait()
                schedulerTask.cancel()
            }
            await schedulerTask.value
            for wakeup in wakeups.values { wakeup.raise() }
            await group.waitForAll()
        }
    }

    private func deliver(channel: String, wakeup: Wakeup) async {
        while !isStopped {
            _ = await engine.drain(channel: channel)
            if isStopped { break }
            let timeout = engine.nextDue(channel: channel).map { due -> Duration in
                .milliseconds(Int64(max(0, due.timeIntervalSince(engine.now())) * 1000) + 1)
            }
            await wakeup.wait(timeout: timeout)
        }
    }
}
