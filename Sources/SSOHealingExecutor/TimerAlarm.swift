#if os(Linux)
    import CConcurrencyHooks
    import Glibc

    /// What the pool's timer thread sleeps in: a timer (`timerfd`) armed at an absolute deadline on
    /// a clock of the caller's choosing, and an `eventfd` other threads write to when the sleeper
    /// must look again (a job came due earlier than the one it sleeps for). Both are waited on
    /// together with `poll`, with no timeout: the thread wakes exactly at the deadline or at an
    /// interruption, never periodically, and with no deadline it sleeps until interrupted.
    ///
    /// A condition variable cannot do this on Linux: `pthread_condattr_setclock` takes
    /// `CLOCK_REALTIME` and `CLOCK_MONOTONIC` only, and `CLOCK_MONOTONIC` stops while the machine
    /// is suspended; a `timerfd` waits on `CLOCK_BOOTTIME`, which does not.
    final class TimerAlarm: @unchecked Sendable {
        /// The timer or the event could not be created; `reason` is the system's explanation.
        struct SetupError: Error, CustomStringConvertible {
            /// What failed and why.
            var reason: String

            var description: String { "cannot create the timer thread's alarm: \(reason)" }
        }

        /// The clock deadlines are read on (a `clockid_t`, such as `CLOCK_BOOTTIME`).
        let clock: clockid_t
        /// The `timerfd`; the kernel shows its clock and what it is armed for in
        /// `/proc/self/fdinfo/<timer>`.
        let timer: Int32
        /// The `eventfd` that `interrupt()` writes to.
        private let interruption: Int32

        /// Creates an alarm on `clock`, not armed. Its descriptors live as long as the alarm.
        ///
        /// - Throws: ``SetupError`` when the system refuses the timer (e.g. an unknown clock) or
        ///   the event.
        init(clock: clockid_t) throws(SetupError) {
            let flags = Int32(TFD_CLOEXEC) | Int32(TFD_NONBLOCK)
            let timer = timerfd_create(clock, flags)
            guard timer >= 0 else { throw SetupError(reason: "timerfd: \(String(cString: strerror(errno)))") }
            let interruption = eventfd(0, Int32(EFD_CLOEXEC) | Int32(EFD_NONBLOCK))
            guard interruption >= 0 else {
                let reason = "eventfd: \(String(cString: strerror(errno)))"
                close(timer)
                throw SetupError(reason: reason)
            }
            self.clock = clock
            self.timer = timer
            self.interruption = interruption
        }

        deinit {
            close(timer)
            close(interruption)
        }

        /// Sleeps until `clock` reaches `deadline` (nanoseconds; at once if it has passed) or,
        /// with no deadline, for as long as it takes; either way `interrupt()` ends the sleep
        /// sooner, including an interruption that came before this call. Call it from one thread
        /// at a time.
        func sleep(until deadline: UInt64?) {
            var setting = itimerspec()  // all zero: disarmed
            if let deadline {
                // Zero would disarm the timer; one nanosecond after boot has passed as surely.
                let instant = max(deadline, 1)
                setting.it_value = timespec(
                    tv_sec: Int(instant / 1_000_000_000), tv_nsec: Int(instant % 1_000_000_000))
            }
            // Arming again also clears an expiry left from an earlier deadline.
            guard timerfd_settime(timer, Int32(TFD_TIMER_ABSTIME), &setting, nil) == 0 else {
                fatalError("the timer thread cannot arm its timer: \(String(cString: strerror(errno)))")
            }
            withUnsafeTemporaryAllocation(of: pollfd.self, capacity: 2) { descriptors in
                descriptors[0] = pollfd(fd: timer, events: Int16(POLLIN), revents: 0)
                descriptors[1] = pollfd(fd: interruption, events: Int16(POLLIN), revents: 0)
                while poll(descriptors.baseAddress, 2, -1) < 0 {
                    guard errno == EINTR else {
                        fatalError("the timer thread cannot wait: \(String(cString: strerror(errno)))")
                    }
                }
                // Drain what woke us, so the next sleep does not end at once for it.
                var count: UInt64 = 0
                if descriptors[0].revents & Int16(POLLIN) != 0 { _ = read(timer, &count, 8) }
                if descriptors[1].revents & Int16(POLLIN) != 0 { _ = read(interruption, &count, 8) }
            }
        }

        /// Ends the current sleep, or the next one if no thread sleeps now.
        func interrupt() {
            var one: UInt64 = 1
            _ = write(interruption, &one, 8)
        }
    }
#endif
