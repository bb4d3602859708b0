#if os(Linux)
    import Glibc
    import Testing

    @testable import SSOHealingExecutor
    import SSOHealingCore

    // A pool of these tests' own, so that no other test's timers are armed in its timer; its
    // threads live as long as the process.
    private let pool = PooledExecutor(workers: 1)

    /// The pool's timers count the time the machine spent suspended, so a job that came due while
    /// a laptop or virtual machine slept runs as soon as it wakes (README, `[daemon]`).
    @Suite struct SuspendAwareTimingTests {
        /// What the kernel reports of the timer the pool's timer thread sleeps in, while a task on
        /// the pool sleeps for an hour: armed for that hour, on `CLOCK_BOOTTIME` (7), which counts
        /// suspended time, not on `CLOCK_MONOTONIC` (1), which stops during a suspend.
        @Test func timersWaitOnTheClockThatCountsSuspendedTime() async throws {
            let sleeper = Task(executorPreference: pool) { @Sendable in
                try await Task.sleep(for: .seconds(3600))
            }
            defer { sleeper.cancel() }
            // Until the timer thread has armed the hour (a shorter sleep of another test may come first).
            var timer = try KernelTimer(descriptor: pool.alarm.timer)
            let giveUp = ContinuousClock.now + .seconds(20)
            while timer.secondsLeft < 3000, ContinuousClock.now < giveUp {
                try await Task.sleep(for: .milliseconds(10))
                timer = try KernelTimer(descriptor: pool.alarm.timer)
            }
            #expect(
                (3000...3600).contains(timer.secondsLeft),
                "the timer thread is not armed for the hour-long sleep: \(timer)")
            #expect(timer.absolute, "the timer is not armed at an absolute deadline: \(timer)")
            #expect(
                timer.clock == CLOCK_BOOTTIME,
                "the timer waits on clock \(timer.clock), not CLOCK_BOOTTIME (\(CLOCK_BOOTTIME)): \(timer)")
        }

        /// A deadline of the runtime's suspending clock (`CLOCK_MONOTONIC`, which lags the boot
        /// clock by all the time spent suspended) is as far ahead on the wait clock as it was on
        /// its own; one of the continuous clock (`CLOCK_BOOTTIME` itself) is taken as it is.
        @Test func deadlinesOfEitherRuntimeClockAreAsFarAheadOnTheWaitClock() {
            let inFiveSeconds = PooledExecutor.nanoseconds(of: CLOCK_MONOTONIC) + 5_000_000_000
            let deadline = PooledExecutor.deadline(
                runtimeClock: 2, seconds: Int64(inFiveSeconds / 1_000_000_000),
                nanoseconds: Int64(inFiveSeconds % 1_000_000_000))
            let delay = Int64(bitPattern: deadline &- PooledExecutor.nanoseconds(of: CLOCK_BOOTTIME))
            #expect((4_000_000_000...5_000_000_000).contains(delay), "5 s on the suspending clock became \(delay) ns")

            #expect(PooledExecutor.deadline(runtimeClock: 1, seconds: 12, nanoseconds: 34) == 12_000_000_034)
            let passed = PooledExecutor.deadline(runtimeClock: 2, seconds: 0, nanoseconds: 0)
            #expect(passed <= PooledExecutor.now(), "a passed deadline is not due at once")
            #expect(PooledExecutor.deadline(runtimeClock: 1, seconds: .max, nanoseconds: 0) == .max)
            #expect(PooledExecutor.deadline(after: .max) == .max)
        }

        /// A sleep on the suspending clock, taken by the pool as a delay on the wait clock, lasts
        /// at least its duration (a timer never fires early), and ends.
        @Test func sleepsOnTheSuspendingClockLastTheirDuration() async throws {
            let clock = SuspendingClock()
            let started = clock.now
            try await withTaskExecutorPreference(pool) {
                try await Task.sleep(for: .milliseconds(30), clock: clock)
            }
            let slept = started.duration(to: clock.now)
            #expect(slept >= .milliseconds(30), "slept \(slept)")
        }
    }

    /// A `timerfd` as `/proc/self/fdinfo` shows it (lines such as `clockid: 7`,
    /// `settime flags: 01`, `it_value: (3599, 999861234)`, the time left).
    private struct KernelTimer: CustomStringConvertible {
        struct Unreadable: Error {
            var text: String
        }

        /// The clock, a `clockid_t`.
        var clock: Int32
        /// Whether it was armed with `TFD_TIMER_ABSTIME`.
        var absolute: Bool
        /// Whole seconds until it expires; 0 when it is not armed.
        var secondsLeft: Int
        /// The whole report.
        var description: String

        init(descriptor: Int32) throws {
            let text = try Self.contents(of: "/proc/self/fdinfo/\(descriptor)")
            var fields: [String: String] = [:]
            for line in text.split(separator: "\n") {
                guard let colon = line.firstIndex(of: ":") else { continue }
                fields[String(line[..<colon])] = Self.trimmed(line[line.index(after: colon)...], " \t")
            }
            let left = fields["it_value"].map { Self.trimmed($0[...], "() ") }?.split(separator: ",").first
            guard let clock = fields["clockid"].flatMap({ Int32($0) }),
                let flags = fields["settime flags"].flatMap({ Int($0, radix: 8) }),
                let seconds = left.flatMap({ Int($0) })
            else { throw Unreadable(text: text) }
            self.clock = clock
            self.absolute = flags & 1 != 0  // TFD_TIMER_ABSTIME
            self.secondsLeft = seconds
            self.description = text.split(separator: "\n").joined(separator: "; ")
        }

        /// `text` without the `characters` at either end.
        private static func trimmed(_ text: Substring, _ characters: String) -> String {
            String(text.drop { characters.contains($0) }.reversed().drop { characters.contains($0) }.reversed())
        }

        private static func contents(of path: String) throws -> String {
            let descriptor = open(path, O_RDONLY | O_CLOEXEC)
            guard descriptor >= 0 else { throw Unreadable(text: "cannot open \(path)") }
            defer { close(descriptor) }
            var bytes: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = read(descriptor, &buffer, buffer.count)
                guard count > 0 else { break }
                bytes += buffer[..<count]
            }
            return String(decoding: bytes, as: UTF8.self)
        }
    }
#endif
