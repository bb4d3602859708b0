import SSOHealingCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A clock that moves only when a test says so, with a matching wall clock.
///
/// Sleepers are published so a test can wait until the code under test is asleep, then advance.
public final class TestClock: Clock, Sendable {
    /// A moment on the test clock.
    public struct Instant: InstantProtocol {
        /// Time since the clock's start.
        public var offset: Duration

        /// Creates an instant.
        public init(offset: Duration) { self.offset = offset }

        public func advanced(by duration: Duration) -> Instant { Instant(offset: offset + duration) }
        public func duration(to other: Instant) -> Duration { other.offset - offset }
        public static func < (lhs: Instant, rhs: Instant) -> Bool { lhs.offset < rhs.offset }
    }

    private struct Sleeper {
        var id: UInt64
        var deadline: Instant
        var continuation: CheckedContinuation<Void, any Error>
    }

    private struct State {
        var now = Instant(offset: .zero)
        var sleepers: [Sleeper] = []
        var nextID: UInt64 = 0
    }

    private let state = Mutex(State())
    /// The wall-clock time at the clock's start.
    public let start: Date

    /// Creates a clock whose wall time starts at `start`.
    public init(start: Date = Date(timeIntervalSince1970: 1_800_000_000)) {
        self.start = start
    }

    public var now: Instant { state.withLock { $0.now } }
    public var minimumResolution: Duration { .zero }

    /// The wall-clock time matching `now`.
    public var date: Date { start.addingTimeInterval(now.offset.secondsValue) }

    /// How many tasks are asleep on the clock.
    public var sleeperCount: Int { state.withLock { $0.sleepers.count } }

    /// How long from now each sleeping task sleeps, shortest first. A count alone cannot tell a
    /// sleep the test means from another task's that is about to end.
    public var sleepersDueIn: [Duration] {
        state.withLock { state in state.sleepers.map { state.now.duration(to: $0.deadline) }.sorted() }
    }

    public func sleep(until deadline: Instant, tolerance: Duration? = nil) async throws {
        try Task.checkCancellation()
        let id = state.withLock { state -> UInt64 in
            state.nextID += 1
            return state.nextID
        }
        try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                let resumeNow = state.withLock { state -> Bool in
                    if deadline <= state.now { return true }
                    state.sleepers.append(Sleeper(id: id, deadline: deadline, continuation: continuation))
                    return false
                }
                if resumeNow { continuation.resume() }
            }
        } onCancel: {
            let sleeper = state.withLock { state -> Sleeper? in
                guard let index = state.sleepers.firstIndex(where: { $0.id == id }) else { return nil }
                return state.sleepers.remove(at: index)
            }
            sleeper?.continuation.resume(throwing: CancellationError())
        }
    }

    /// Moves time forward, waking every sleeper whose deadline is reached, earliest first.
    public func advance(by duration: Duration) {
        let woken = state.withLock { state -> [Sleeper] in
            state.now = state.now.advanced(by: duration)
            let now = state.now
            let due = state.sleepers.filter { $0.deadline <= now }.sorted { $0.deadline < $1.deadline }
            state.sleepers.removeAll { $0.deadline <= now }
            return due
        }
        for sleeper in woken { sleeper.continuation.resume() }
    }

    /// Waits (in real time, up to `timeout`) until at least `count` tasks sleep on the clock.
    public func waitForSleepers(_ count: Int = 1, timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        while sleeperCount < count {
            guard ContinuousClock.now < deadline else {
                throw TestClockTimeout(expected: count, found: sleeperCount)
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

extension TestClock {
    /// Waits (in real time, up to `timeout`) until the tasks asleep on the clock are exactly those
    /// due `dueIn` from now (in any order), e.g. a scheduler's next cycle and a reminder's deadline.
    public func waitForSleepers(dueIn expected: [Duration], timeout: Duration = .seconds(5)) async throws {
        let deadline = ContinuousClock.now.advanced(by: timeout)
        let wanted = expected.sorted()
        while sleepersDueIn != wanted {
            guard ContinuousClock.now < deadline else {
                throw TestClockSleepersTimeout(expected: wanted, found: sleepersDueIn)
            }
            try await Task.sleep(for: .milliseconds(1))
        }
    }
}

/// The code under test did not go to sleep on the test clock until the moments expected.
public struct TestClockSleepersTimeout: Error, CustomStringConvertible {
    /// How long from now the expected sleepers sleep.
    public var expected: [Duration]
    /// How long from now the sleepers found sleep.
    public var found: [Duration]

    public var description: String {
        "expected sleepers due in \(expected) on the test clock, found \(found)"
    }
}

/// The code under test did not go to sleep on the test clock in time.
public struct TestClockTimeout: Error, CustomStringConvertible {
    /// Sleepers expected.
    public var expected: Int
    /// Sleepers found.
    public var found: Int

    public var description: String { "expected \(expected) sleepers on the test clock, found \(found)" }
}
