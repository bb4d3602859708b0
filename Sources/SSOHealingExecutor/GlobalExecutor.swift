#if os(Linux)
    import CConcurrencyHooks
    import Glibc
    import Synchronization

    private let installed = Mutex<PooledExecutor?>(nil)
    // Read on every enqueue, written once before the hooks go in.
    nonisolated(unsafe) private var globalPool: PooledExecutor?
#endif

/// Swift concurrency's global executor for this process.
///
/// On Linux the stock global executor (libdispatch) wakes once a second to watch its thread
/// pool, even in a process with nothing to do; ``unsafeTryInstallPool()`` replaces it with a
/// pool whose threads sleep until there is work or a timer is due. This is the only place that
/// reaches into the runtime's private machinery. What it assumes, and what a toolchain upgrade
/// must check (the compiler guard below names the range it was checked against):
///
/// - Unsafe 1: the runtime consults the hooks `swift_task_enqueueGlobal_hook`,
///   `swift_task_enqueueGlobalWithDelay_hook` and `swift_task_enqueueGlobalWithDeadline_hook`
///   (`swift/Runtime/ConcurrencyHooks.def`) with the signatures `CConcurrencyHooks` declares.
/// - Unsafe 2: the experimental `SchedulingExecutor` protocol and `Task.defaultExecutor`
///   (`@_spi(ExperimentalScheduling)`, `@_spi(ExperimentalCustomExecutors)`) keep their shape, so
///   that `Task.sleep` lands on the pool's timers.
/// - Unsafe 3: on Linux the runtime's continuous clock is `CLOCK_BOOTTIME` and its suspending
///   clock `CLOCK_MONOTONIC`.
///
/// If the runtime stops consulting the hooks, nothing breaks: jobs run on the default executor.
/// ``verifyPool()`` notices that, so the daemon can say so instead of silently losing its
/// quiet idle.
public enum GlobalExecutor {
    /// What the process runs its tasks on.
    public enum Status: Sendable, Equatable {
        /// The pool: idle threads sleep until work comes or a timer is due.
        case pool(workers: Int)
        /// The platform's default executor, and why.
        case defaultExecutor(reason: String)
    }

    /// Makes a pool of our own (one worker per CPU, from two to four) the global executor. Call
    /// it first thing in `main`, before any task runs on the global executor. Returns false, and
    /// changes nothing, outside Linux, on a toolchain it was not checked against, on a second
    /// call, or when another hook is already installed.
    @discardableResult
    public static func unsafeTryInstallPool() -> Bool {
        #if os(Linux) && compiler(>=6.2) && compiler(<6.4)
            return installed.withLock { installed -> Bool in
                guard installed == nil else { return false }
                let processors = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
                let pool = PooledExecutor(workers: min(4, max(2, processors)))
                globalPool = pool
                let result = sso_install_global_executor_hooks(
                    { job in globalPool!.enqueue(unsafeBitCast(job, to: UnownedJob.self)) },
                    { job, clock, seconds, nanoseconds in
                        // The pool waits on CLOCK_BOOTTIME, which counts time spent suspended.
                        let deadline = PooledExecutor.deadline(
                            runtimeClock: clock, seconds: seconds, nanoseconds: nanoseconds)
                        globalPool!.enqueue(unsafeBitCast(job, to: UnownedJob.self), deadline: deadline)
                    },
                    { job, delay in
                        globalPool!.enqueue(
                            unsafeBitCast(job, to: UnownedJob.self), deadline: PooledExecutor.deadline(after: delay))
                    })
                guard result == 0 else {
                    globalPool = nil
                    return false
                }
                installed = pool
                return true
            }
        #else
            return false
        #endif
    }

    /// Checks that the runtime hands its jobs, immediate and delayed, to the pool; says what the
    /// process runs on, and why when it is not the pool.
    public static func verifyPool() async -> Status {
        #if os(Linux) && compiler(>=6.2) && compiler(<6.4)
            guard let pool = installed.withLock({ $0 }) else {
                return .defaultExecutor(reason: "the pool is not installed (another executor hook was in place)")
            }
            let before = pool.jobsReceived
            // On the global executor (not the main one, whose sleeps go to Dispatch): a job now,
            // and one after a sleep.
            await Task.detached { try? await Task.sleep(for: .milliseconds(1)) }.value
            let after = pool.jobsReceived
            guard after.immediate > before.immediate, after.delayed > before.delayed else {
                return .defaultExecutor(
                    reason: "the Swift runtime did not hand its jobs to the pool (its executor hooks changed?)")
            }
            return .pool(workers: pool.workers)
        #elseif os(Linux)
            return .defaultExecutor(reason: "this toolchain is newer than the pool was checked against")
        #else
            return .defaultExecutor(reason: "the pool is for Linux only")
        #endif
    }
}
