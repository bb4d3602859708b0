import Logging
import SSOHealingCore
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The long-running daemon: runs a ``DaemonGeneration`` for the current configuration; SIGHUP
/// reloads (a bad configuration is logged and the running one kept); graceful shutdown lets
/// deliveries under way finish (the outbox already holds everything else) and returns.
final class DaemonService: Service {
    private struct State {
        var engine: AlertEngine
        var generation: DaemonGeneration?
        var shuttingDown = false
    }

    private let state: Mutex<State>
    private let load: @Sendable () -> Result<AlertEngine, ConfigurationError>
    private let logger: Logger
    private let afterCycle: @Sendable (AlertEngine, [ProbeOutcome]?) async -> Void

    init(
        engine: AlertEngine, logger: Logger,
        load: @escaping @Sendable () -> Result<AlertEngine, ConfigurationError>,
        afterCycle: @escaping @Sendable (AlertEngine, [ProbeOutcome]?) async -> Void = { _, _ in }
    ) {
        self.state = Mutex(State(engine: engine))
        self.logger = logger
        self.load = load
        self.afterCycle = afterCycle
    }

    func run() async throws {
        await withGracefulShutdownHandler {
            while true {
                let generation = state.withLock { state -> DaemonGeneration? in
                    guard !state.shuttingDown else { return nil }
                    let engine = state.engine
                    let afterCycle = self.afterCycle
                    let generation = DaemonGeneration(engine: engine, logger: logger) { outcomes in
                        await afterCycle(engine, outcomes)
                    }
                    state.generation = generation
                    return generation
                }
                guard let generation else { break }
                announce(generation.engine)
                await generation.run(clock: ContinuousClock())
            }
        } onGracefulShutdown: {
            self.logger.info("shutting down: finishing deliveries under way")
            let generation = self.state.withLock { state -> DaemonGeneration? in
                state.shuttingDown = true
                return state.generation
            }
            generation?.stop()
        }
        logger.info("stopped; undelivered notifications stay in the outbox")
    }

    private func announce(_ engine: AlertEngine) {
        let runtime = engine.runtime
        if runtime.probes.isEmpty {
            logger.notice("no probes configured: watching nothing (add [probe.NAME] tables to config.toml)")
        }
        logger.info(
            "running",
            metadata: [
                "probes": "\(runtime.probes.map(\.configuration.name).joined(separator: ","))",
                "channels": "\(runtime.channels.map(\.name).joined(separator: ","))",
                "interval": "\(ConfigDuration.format(runtime.configuration.daemon.interval))",
            ])
    }

    /// Reloads the configuration; keeps the running one when the new one is bad.
    func reload() {
        logger.info("reloading configuration (SIGHUP)")
        switch load() {
        case .failure(let error):
            for diagnostic in error.diagnostics {
                logger.error("configuration error: \(diagnostic.description)")
            }
            logger.error("new configuration rejected; keeping the running one")
        case .success(let engine):
            let old = state.withLock { state -> DaemonGeneration? in
                guard !state.shuttingDown else { return nil }
                state.engine = engine
                return state.generation
            }
            old?.stop()
            logger.info("configuration reloaded")
        }
    }
}

/// Turns SIGHUP into ``DaemonService/reload()`` until the group shuts down.
struct ReloadService: Service {
    let daemon: DaemonService

    func run() async throws {
        for await _ in try ProcessSignals.stream([SIGHUP]).cancelOnGracefulShutdown() {
            daemon.reload()
        }
    }
}
