#if os(Linux)
    @_spi(ExperimentalScheduling) @_spi(ExperimentalCustomExecutors) import _Concurrency
    import Glibc
    import SSOHealingCore

    /// Runs Swift concurrency jobs on threads of its own. Workers wait on a condition with no
    /// timeout; one timer thread sleeps (in a ``TimerAlarm``) until exactly when the earliest
    /// delayed job is due. An idle process therefore sleeps until its next timer, where the stock
    /// global executor on Linux (libdispatch) also wakes once a second to watch its thread pool.
    ///
    /// Deadlines are read on ``waitClock``, which counts the time the machine spent suspended: a
    /// job due while the machine slept runs as soon as it wakes, not that much later.
    final class PooledExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
        /// The clock of every deadline in the pool, and the one the timer thread waits on:
        /// `CLOCK_BOOTTIME`, which keeps counting while the machine is suspended (as Swift's
        /// `ContinuousClock` does on Linux), where `CLOCK_MONOTONIC` stops.
        static let waitClock: clockid_t = CLOCK_BOOTTIME

        /// Where the timer thread sleeps; ``waitClock`` is its clock.
        let alarm: TimerAlarm

        // Everything below is guarded by `lock`.
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let jobReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var ready: [UnownedJob] = []
        private var readyHead = 0
        private var timers = TimerQueue<UnownedJob>()
        /// Whether the timer thread sleeps until the earliest deadline in `timers` (or, with none,
        /// until interrupted) and nothing has interrupted it yet; while it is awake it looks at the
        /// timers again before it sleeps, so nobody needs to interrupt it.
        private var timerThreadSleeps = false
        private var received: (immediate: Int, delayed: Int) = (0, 0)

        /// How many worker threads it runs.
        let workers: Int

        /// How many jobs it was given so far, to run now and at a deadline.
        var jobsReceived: (immediate: Int, delayed: Int) {
            pthread_mutex_lock(lock)
            defer { pthread_mutex_unlock(lock) }
            return received
        }

        /// Starts `workers` worker threads and the timer thread; they live as long as the process.
        init(workers: Int) {
            precondition(workers > 0)
            self.workers = workers
            pthread_mutex_init(lock, nil)
            pthread_cond_init(jobReady, nil)
            do {
                alarm = try TimerAlarm(clock: Self.waitClock)
                for _ in 0..<workers { try DetachedThread.start(name: "pool") { [unowned self] in runWorker() } }
                try DetachedThread.start(name: "pool timers") { [unowned self] in runTimers() }
            } catch {
                fatalError("the executor pool cannot start: \(error)")
            }
        }

        /// Nanoseconds on ``waitClock``.
        static func now() -> UInt64 {
            nanoseconds(of: waitClock)
        }

        /// The deadline `delay` nanoseconds from now on ``waitClock`` (the latest one there is, if
        /// it lies beyond).
        static func deadline(after delay: UInt64) -> UInt64 {
            let (deadline, overflow) = now().addingReportingOverflow(delay)
            return overflow ? .max : deadline
        }

        /// A deadline the Swift runtime gives on one of its clocks, `seconds` and `nanoseconds`
        /// since that clock's start, as a deadline on ``waitClock``. On Linux the runtime's clock 1
        /// (continuous) is `CLOCK_BOOTTIME` and clock 2 (suspending) `CLOCK_MONOTONIC`. A deadline on
        /// the wait clock is taken as it is; one on another clock becomes the same delay from now.
        static func deadline(runtimeClock: Int32, seconds: Int64, nanoseconds: Int64) -> UInt64 {
            let clock = runtimeClock == 1 ? CLOCK_BOOTTIME : CLOCK_MONOTONIC
            let (scaled, overflow) = UInt64(max(0, seconds)).multipliedReportingOverflow(by: 1_000_000_000)
            let (target, carry) = scaled.addingReportingOverflow(UInt64(max(0, nanoseconds)))
            guard !overflow, !carry else { return .max }
            if clock == waitClock { return target }
            let now = Self.nanoseconds(of: clock)
            return deadline(after: target > now ? target - now : 0)
        }

        /// Nanoseconds on `clock` (a `clockid_t`) since its start.
        static func nanoseconds(of clock: clockid_t) -> UInt64 {
            var now = timespec()
            clock_gettime(clock, &now)
            return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        }

        func enqueue(_ job: UnownedJob) {
            pthread_mutex_lock(lock)
            received.immediate &+= 1
            ready.append(job)
            pthread_cond_signal(jobReady)
            pthread_mutex_unlock(lock)
        }

        func enqueue(_ job: consuming ExecutorJob) {
            enqueue(UnownedJob(job))
        }

        /// Delayed jobs (`Task.sleep`, clock sleeps) of tasks running here: at `instant` of a clock
        /// measured in `Duration`, so on our timer thread, as the same delay from now on
        /// ``waitClock``; those of other clocks go to the platform's default executor.
        func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
            guard let delay = clock.now.duration(to: instant) as? Duration else {
                guard let platform = Task.defaultExecutor as? any SchedulingExecutor else {
                    fatalError("no executor can wait for \(C.self)")
                }
                platform.enqueue(job, at: instant, tolerance: tolerance, clock: clock)
                return
            }
            enqueue(UnownedJob(job), deadline: Self.deadline(after: Self.nanoseconds(delay)))
        }

        /// A positive duration in nanoseconds (the most there are, if it is longer); zero otherwise.
        static func nanoseconds(_ duration: Duration) -> UInt64 {
            guard duration > .zero else { return 0 }
            let (seconds, attoseconds) = duration.components
            let (scaled, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
            let (total, carry) = scaled.addingReportingOverflow(UInt64(attoseconds / 1_000_000_000))
            return overflow || carry ? .max : total
        }

        /// Runs `job` once ``waitClock`` reaches `deadline` (nanoseconds).
        func enqueue(_ job: UnownedJob, deadline: UInt64) {
            pthread_mutex_lock(lock)
            received.delayed &+= 1
            var interrupt = false
            // A new earliest timer is due before what a sleeping timer thread sleeps for.
            if timers.insert(job, deadline: deadline), timerThreadSleeps {
                timerThreadSleeps = false
                interrupt = true
            }
            pthread_mutex_unlock(lock)
            if interrupt { alarm.interrupt() }
        }

        private func runWorker() {
            pthread_mutex_lock(lock)
            while true {
                guard readyHead < ready.count else {
                    pthread_cond_wait(jobReady, lock)
                    continue
                }
                let job = ready[readyHead]
                readyHead += 1
                if readyHead == ready.count {
                    ready.removeAll(keepingCapacity: true)
                    readyHead = 0
                }
                pthread_mutex_unlock(lock)
                job.runSynchronously(on: asUnownedTaskExecutor())
                pthread_mutex_lock(lock)
            }
        }

        /// Moves due timers to the workers, then sleeps until the next one is due (with none, until
        /// one comes), or until an earlier one comes.
        private func runTimers() {
            pthread_mutex_lock(lock)
            while true {
                let now = Self.now()
                while let job = timers.popDue(now: now) {
                    ready.append(job)
                    pthread_cond_signal(jobReady)
                }
                let deadline = timers.nextDeadline
                timerThreadSleeps = true
                pthread_mutex_unlock(lock)
                alarm.sleep(until: deadline)
                pthread_mutex_lock(lock)
                timerThreadSleeps = false
            }
        }
    }
#endif
