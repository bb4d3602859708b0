#if os(Linux)
    @_spi(ExperimentalScheduling) @_spi(ExperimentalCustomExecutors) import _Concurrency
    import Glibc

    /// Runs Swift concurrency jobs on threads of its own. Workers wait on a condition with no
    /// timeout; one timer thread waits until exactly when the earliest delayed job is due. An idle
    /// process therefore sleeps until its next timer, where the stock global executor on Linux
    /// (libdispatch) also wakes once a second to watch its thread pool.
    final class PooledExecutor: TaskExecutor, SchedulingExecutor, @unchecked Sendable {
        // Everything below is guarded by `lock`.
        private let lock = UnsafeMutablePointer<pthread_mutex_t>.allocate(capacity: 1)
        private let jobReady = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private let timersChanged = UnsafeMutablePointer<pthread_cond_t>.allocate(capacity: 1)
        private var ready: [UnownedJob] = []
        private var readyHead = 0
        private var timers = TimerQueue<UnownedJob>()

        /// Starts `workers` worker threads and the timer thread; they live as long as the process.
        init(workers: Int) {
            precondition(workers > 0)
            pthread_mutex_init(lock, nil)
            var attributes = pthread_condattr_t()
            pthread_condattr_init(&attributes)
            pthread_condattr_setclock(&attributes, CLOCK_MONOTONIC)
            pthread_cond_init(jobReady, &attributes)
            pthread_cond_init(timersChanged, &attributes)
            pthread_condattr_destroy(&attributes)
            do {
                for _ in 0..<workers { try DetachedThread.start(name: "pool") { [unowned self] in runWorker() } }
                try DetachedThread.start(name: "pool timers") { [unowned self] in runTimers() }
            } catch {
                fatalError("the executor pool cannot start: \(error)")
            }
        }

        /// Nanoseconds on `CLOCK_MONOTONIC`, the clock the timer thread waits on.
        static func monotonicNow() -> UInt64 {
            nanoseconds(of: CLOCK_MONOTONIC)
        }

        static func nanoseconds(of clock: clockid_t) -> UInt64 {
            var now = timespec()
            clock_gettime(clock, &now)
            return UInt64(now.tv_sec) * 1_000_000_000 + UInt64(now.tv_nsec)
        }

        func enqueue(_ job: UnownedJob) {
            pthread_mutex_lock(lock)
            ready.append(job)
            pthread_cond_signal(jobReady)
            pthread_mutex_unlock(lock)
        }

        func enqueue(_ job: consuming ExecutorJob) {
            enqueue(UnownedJob(job))
        }

        /// Delayed jobs (`Task.sleep`, clock sleeps) of tasks running here: at `instant` of a clock
        /// measured in `Duration`, so on our timer thread; those of other clocks go to the platform's
        /// default executor.
        func enqueue<C: Clock>(_ job: consuming ExecutorJob, at instant: C.Instant, tolerance: C.Duration?, clock: C) {
            guard let delay = clock.now.duration(to: instant) as? Duration else {
                guard let platform = Task.defaultExecutor as? any SchedulingExecutor else {
                    fatalError("no executor can wait for \(C.self)")
                }
                platform.enqueue(job, at: instant, tolerance: tolerance, clock: clock)
                return
            }
            enqueue(UnownedJob(job), deadline: Self.monotonicNow() &+ Self.nanoseconds(delay))
        }

        static func nanoseconds(_ duration: Duration) -> UInt64 {
            guard duration > .zero else { return 0 }
            let (seconds, attoseconds) = duration.components
            return UInt64(seconds) &* 1_000_000_000 &+ UInt64(attoseconds / 1_000_000_000)
        }

        /// Runs `job` once `CLOCK_MONOTONIC` reaches `deadline` (nanoseconds).
        func enqueue(_ job: UnownedJob, deadline: UInt64) {
            pthread_mutex_lock(lock)
            if timers.insert(job, deadline: deadline) { pthread_cond_signal(timersChanged) }
            pthread_mutex_unlock(lock)
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

        private func runTimers() {
            pthread_mutex_lock(lock)
            while true {
                guard let deadline = timers.nextDeadline else {
                    pthread_cond_wait(timersChanged, lock)
                    continue
                }
                if let job = timers.popDue(now: Self.monotonicNow()) {
                    ready.append(job)
                    pthread_cond_signal(jobReady)
                    continue
                }
                var until = timespec(
                    tv_sec: Int(deadline / 1_000_000_000), tv_nsec: Int(deadline % 1_000_000_000))
                pthread_cond_timedwait(timersChanged, lock, &until)
            }
        }
    }
#endif
