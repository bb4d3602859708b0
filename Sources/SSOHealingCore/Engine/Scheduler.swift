import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Calls a tick now and then every `interval` plus up to `jitter`, on any clock.
///
/// The wait is measured on `clock`; with `ContinuousClock` (the daemon's), time spent asleep
/// counts, so after the machine wakes up the overdue tick runs at once, and only once: the next
/// deadline is taken from the moment a tick ends, so missed ticks are never replayed as a burst.
/// Tests drive it with a test clock and never sleep for real.
public struct Scheduler<C: Clock>: Sendable where C.Duration == Duration {
    /// The time between ticks.
    public var interval: Duration
    /// Up to this much random delay is added to each wait.
    public var jitter: Duration
    /// The clock waits are measured on.
    public var clock: C
    /// The wall clock, to notice and log jumps (sleep, wake, clock steps).
    public var wallClock: @Sendable () -> Date
    /// Returns a random fraction in 0...1 (replaceable for deterministic tests).
    public var random: @Sendable () -> Double
    /// Where jumps are logged.
    public var logger: Logger

    /// Creates a scheduler.
    public init(
        interval: Duration, jitter: Duration, clock: C, wallClock: @escaping @Sendable () -> Date = { Date() },
        random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }, logger: Logger
    ) {
        self.interval = interval
        self.jitter = jitter
        self.clock = clock
        self.wallClock = wallClock
        self.random = random
        self.logger = logger
    }

    /// The wait before the next tick: the interval plus a random share of the jitter.
    public func nextDelay() -> Duration {
        interval + jitter * max(0, min(1, random()))
    }

    /// Ticks after `initialDelay` (at once by default), then after every delay, until the task is
    /// cancelled; a tick under way when it is cancelled runs to its end.
    public func run(firstAfter initialDelay: Duration = .zero, _ tick: @Sendable () async -> Void) async {
        var lastWall = wallClock()
        var delay = initialDelay
        if delay <= .zero {
            await tick()
            delay = nextDelay()
        }
        while !Task.isCancelled {
            do {
                try await clock.sleep(until: clock.now.advanced(by: delay), tolerance: nil)
            } catch {
                return
            }
            let wall = wallClock()
            let elapsed = wall.timeIntervalSince(lastWall)
            if elapsed > (delay + interval).secondsValue || elapsed < 0 {
                logger.notice(
                    "wall clock moved by \(Int(elapsed)) s during a \(ConfigDuration.format(delay)) wait (sleep, wake or clock step); probing now",
                    metadata: ["expected_seconds": "\(Int(delay.secondsValue))", "observed_seconds": "\(Int(elapsed))"])
            }
            lastWall = wall
            await tick()
            delay = nextDelay()
        }
    }
}
