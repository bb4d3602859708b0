import Logging
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Follows the logins a cycle left pending, polling each at its own interval between cycles, so
/// an approval is picked up within seconds rather than at the next cycle (a device authorization
/// lasts about ten minutes: as long as a typical interval). On renewal it runs that probe's
/// cycle at once, so the episode resolves, and wakes the bus.
public final class HealingFollower: Sendable {
    /// The longest pause between two polls.
    public static let maxPause: Duration = .seconds(30)

    private let engine: AlertEngine
    private let logger: Logger
    private let sleep: @Sendable (Duration) async throws -> Void
    private let tasks = Mutex<[String: Task<Void, Never>]>([:])
    private let stopped = Mutex(false)

    /// Creates a follower for `engine`'s healing probes, waiting on `clock`.
    public init<C: Clock>(engine: AlertEngine, clock: C, logger: Logger) where C.Duration == Duration {
        self.engine = engine
        self.logger = logger
        self.sleep = { try await clock.sleep(until: clock.now.advanced(by: $0), tolerance: nil) }
    }

    /// Starts following each probe whose result carries a login link, unless already followed.
    public func follow(_ outcomes: [ProbeOutcome]) {
        for outcome in outcomes where LoginLink(details: outcome.result.details) != nil {
            guard
                let healer = engine.runtime.slot(named: outcome.name)?.probe as? any HealingProbe
            else { continue }
            let name = outcome.name
            tasks.withLock { tasks in
                guard tasks[name] == nil, !stopped.withLock({ $0 }) else { return }
                tasks[name] = Task { [self] in
                    await poll(healer, name: name)
                    _ = self.tasks.withLock { $0.removeValue(forKey: name) }
                }
            }
        }
    }

    /// Stops following; polls under way finish.
    public func stop() {
        stopped.withLock { $0 = true }
        for task in tasks.withLock({ Array($0.values) }) { task.cancel() }
    }

    private func poll(_ healer: any HealingProbe, name: String) async {
        while !Task.isCancelled {
            switch await healer.continueHealing() {
            case .pending(_, let nextPollAt):
                let seconds = min(Self.maxPause.secondsValue, max(0.5, nextPollAt.timeIntervalSince(engine.now())))
                do {
                    try await sleep(.milliseconds(Int64(seconds * 1000)))
                } catch {
                    return
                }
            case .renewed(let summary):
                logger.info("the login was approved; checking the session", metadata: ["probe": "\(name)"])
                close(name, approved: true, reason: summary)
                do {
                    _ = try await engine.cycle(only: [name])
                } catch is CancellationError {
                    return
                } catch {
                    logger.error("probe cycle failed", metadata: ["reason": "\(error)"])
                }
                engine.bus.wake()
                return
            case .ended(let reason):
                close(name, approved: false, reason: reason)
                engine.bus.wake()
                return
            case .idle, .failed:
                return
            }
        }
    }

    /// Closes the target's open login request, if `sso-self-healing login` announced one.
    private func close(_ name: String, approved: Bool, reason: String) {
        do {
            try engine.closeLogin(probe: name, approved: approved, reason: reason)
        } catch {
            logger.error("cannot record the end of the login", metadata: ["reason": "\(error)"])
        }
    }
}
