#if os(Linux)
    import Glibc
    import Testing

    @testable import SSOHealingExecutor
    import SSOHealingCore

    /// The timer thread's sleep: until a deadline on the alarm's clock, or until interrupted.
    @Suite struct TimerAlarmTests {
        /// Nanoseconds on `CLOCK_BOOTTIME`.
        static func now() -> UInt64 { PooledExecutor.nanoseconds(of: CLOCK_BOOTTIME) }

        /// Sleeps as `body` does and returns how long it took, in milliseconds on `CLOCK_BOOTTIME`.
        static func milliseconds(_ body: () -> Void) -> UInt64 {
            let started = now()
            body()
            return (now() - started) / 1_000_000
        }

        @Test func aSleepLastsUntilItsDeadline() throws {
            let alarm = try TimerAlarm(clock: CLOCK_BOOTTIME)
            let slept = Self.milliseconds { alarm.sleep(until: Self.now() + 30_000_000) }
            // A timer never fires before its deadline; that it fires at all is the liveness.
            #expect(slept >= 30, "slept \(slept) ms for 30")
        }

        @Test func aDeadlineThatHasPassedEndsTheSleepAtOnce() throws {
            let alarm = try TimerAlarm(clock: CLOCK_BOOTTIME)
            // The deadline is long past: returning at all is the promise (a hang fails the run).
            alarm.sleep(until: 0)
        }

        @Test func anInterruptionEndsASleepWithNoDeadline() throws {
            let alarm = try TimerAlarm(clock: CLOCK_BOOTTIME)
            try DetachedThread.start(name: "interrupter") {
                usleep(20_000)
                alarm.interrupt()
            }
            // With no deadline only the interruption can end the sleep: returning is the promise.
            alarm.sleep(until: nil)
        }

        /// An interruption that comes while nobody sleeps (the timer thread is busy) ends the next
        /// sleep, and only that one.
        @Test func anInterruptionBeforeTheSleepEndsTheNextSleepOnly() throws {
            let alarm = try TimerAlarm(clock: CLOCK_BOOTTIME)
            alarm.interrupt()
            alarm.interrupt()
            // With no deadline a lost interruption would never end this sleep.
            alarm.sleep(until: nil)
            let next = Self.milliseconds { alarm.sleep(until: Self.now() + 30_000_000) }
            #expect(next >= 30, "an old interruption ended the next sleep after \(next) ms")
        }

        /// A deadline that passed while nobody slept does not end a later sleep for a later one.
        @Test func anEarlierDeadlineDoesNotEndALaterSleep() throws {
            let alarm = try TimerAlarm(clock: CLOCK_BOOTTIME)
            alarm.interrupt()
            alarm.sleep(until: Self.now() + 1_000_000)  // ends at once, interrupted
            usleep(20_000)  // meanwhile the timer expires
            let slept = Self.milliseconds { alarm.sleep(until: Self.now() + 30_000_000) }
            #expect(slept >= 30, "the old expiry ended the sleep after \(slept) ms")
        }
    }
#endif
