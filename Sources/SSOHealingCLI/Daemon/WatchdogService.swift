import ServiceLifecycle

/// Pings systemd's watchdog (`WATCHDOG=1`) every `interval` (half of `WATCHDOG_USEC`) until the
/// group shuts down: the daemon's one timer besides its cycles, retries and reminders, and only
/// when the service manager asked for it.
struct WatchdogService: Service {
    let systemd: SystemdNotify
    let interval: Duration

    func run() async throws {
        while true {
            do {
                try await cancelWhenGracefulShutdown { try await Task.sleep(for: interval) }
            } catch {
                return
            }
            systemd.send("WATCHDOG=1")
        }
    }
}
