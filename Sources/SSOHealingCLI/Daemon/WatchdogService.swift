import ServiceLifecycle

/// Pings systemd's watchdog (`WATCHDOG=1`) every `interval` (half of `WATCHDOG_USEC`) until the
/// group shuts down: the daemon's one timer besides its cycles, retries and reminders, and only
/// when the service manager asked for it.
struct WatchdogService: Service {
    let systemd: SystemdNotify
    let interval: Duration

    func run() async throws {
        // One cancellation scope for the whole loop (not one per ping): each ping is then one
        // timer firing and one job, no task group set up and torn down every time.
        do {
            try await cancelWhenGracefulShutdown {
                while true {
                    try await Task.sleep(for: interval)
                    systemd.send("WATCHDOG=1")
                }
            }
        } catch {
            return
        }
    }
}
