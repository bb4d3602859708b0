import SSOHealingCore
import ServiceLifecycle

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

extension ServiceGroup {
    /// The signals that shut the daemon down gracefully.
    static let shutdownSignals: Set<Int32> = [SIGTERM, SIGINT]

    /// Runs the group until it ends; each of `signals` shuts it down gracefully.
    ///
    /// The signals come through ``ProcessSignals`` rather than the group's own Dispatch signal
    /// sources, which would keep a Dispatch worker, and its once-a-second pool monitor, alive in an
    /// idle daemon. Configure the group with no signals of its own.
    func run(shuttingDownOn signals: Set<Int32>) async throws {
        let caught = try ProcessSignals.stream(signals)
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await self.run() }
            tasks.addTask {
                for await _ in caught { await self.triggerGracefulShutdown() }
            }
            try await tasks.next()
            tasks.cancelAll()
        }
    }
}
