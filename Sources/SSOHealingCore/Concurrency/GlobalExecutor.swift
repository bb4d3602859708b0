#if os(Linux)
    import CConcurrencyHooks
    import Glibc
    import Synchronization

    private let installed = Mutex<PooledExecutor?>(nil)
    // Read on every enqueue, written once before the hooks go in.
    nonisolated(unsafe) private var globalPool: PooledExecutor?
#endif

/// Swift concurrency's global executor for this process.
public enum GlobalExecutor {
    /// Makes a pool of our own (one worker per CPU, from two to four) the global executor, so that an
    /// idle daemon wakes only for its own timers. Call it first thing in `main`, before any task
    /// runs on the global executor. Returns false (and changes nothing) where this is not
    /// supported (outside Linux) or another hook is already installed.
    @discardableResult
    public static func installPool() -> Bool {
        #if os(Linux)
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
                guard result == 0 else { return false }
                installed = pool
                return true
            }
        #else
            return false
        #endif
    }
}
