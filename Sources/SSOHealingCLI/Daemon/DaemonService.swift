import Logging
import SSOHealingCore
import ServiceLifecycle
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// The long-running daemon: runs a ``DaemonLoop`` for the current configuration; SIGHUP
/// reloads (a bad configuration is logged and the running one kept; a drop-in that cannot be
/// built disables only its own channel, see `CommandContext.buildEngine(calls:)`); graceful shutdown lets
/// deliveries under way finish (the outbox already holds everything else) and returns.
///
/// On a reload the running cycle ends under the old configuration, then the new loop carries the
/// schedule on: it probes at once only the probes that are new or changed.
final class DaemonService: Service {
    private struct State {
        var engine: AlertEngine
        var loop: DaemonLoop<ContinuousClock>?
        var shuttingDown = false
    }

    private let state: Mutex<State>
    private let load: @Sendable () -> Result<AlertEngine, ConfigurationError>
    private let logger: Logger
    private let beforeCycle: @Sendable (AlertEngine) async -> Void
    private let afterCycle: @Sendable (AlertEngine, Result<[ProbeOutcome], any Error>) async -> Void
    private let clock = ContinuousClock()
    private let onReady: @Sendable () -> Void
    private let onStopping: @Sendable () -> Void

    init(
        engine: AlertEngine, logger: Logger,
        load: @escaping @Sendable () -> Result<AlertEngine, ConfigurationError>,
        beforeCycle: @escaping @Sendable (AlertEngine) async -> Void = { _ in },
        afterCycle: @escaping @Sendable (AlertEngine, Result<[ProbeOutcome], any Error>) async -> Void = { _, _ in },
        onReady: @escaping @Sendable () -> Void = {}, onStopping: @escaping @Sendable () -> Void = {}
    ) {
        self.onReady = onReady
        self.onStopping = onStopping
        self.state = Mutex(State(engine: engine))
        self.logger = logger
        self.load = load
        self.beforeCycle = beforeCycle
        self.afterCycle = afterCycle
    }

    func run() async throws {
        onReady()
        await withGracefulShutdownHandler {
            var previous: (runtime: BuiltConfiguration, nextCycle: ContinuousClock.Instant?)?
            while true {
                let loop = state.withLock { state -> DaemonLoop<ContinuousClock>? in
                    guard !state.shuttingDown else { return nil }
                    let engine = state.engine
                    let beforeCycle = self.beforeCycle
                    let afterCycle = self.afterCycle
                    let loop = DaemonLoop(
                        engine: engine, clock: clock, logger: logger, beforeCycle: { await beforeCycle(engine) },
                        afterCycle: { outcomes in await afterCycle(engine, outcomes) })
                    state.loop = loop
                    return loop
                }
                guard let loop else { break }
                announce(loop.engine)
                var firstCycleAfter = Duration.zero
                var probeAtOnce: Set<String> = []
                if let previous, let next = previous.nextCycle {
                    firstCycleAfter = max(.zero, clock.now.duration(to: next))
                    probeAtOnce = Self.changedProbes(from: previous.runtime, to: loop.engine.runtime)
                    if !probeAtOnce.isEmpty {
                        logger.info(
                            "probing new or changed probes now; the others at their schedule",
                            metadata: ["probes": "\(probeAtOnce.sorted().joined(separator: ","))"])
                    }
                }
                await loop.run(firstCycleAfter: firstCycleAfter, probeAtOnce: probeAtOnce)
                previous = (loop.engine.runtime, loop.nextCycle ?? previous?.nextCycle)
            }
        } onGracefulShutdown: {
            self.onStopping()
            self.logger.info("shutting down: finishing deliveries under way")
            let loop = self.state.withLock { state -> DaemonLoop<ContinuousClock>? in
                state.shuttingDown = true
                return state.loop
            }
            loop?.stop(.now)
        }
        logger.info("stopped; undelivered notifications stay in the outbox")
    }

    /// The probes of `new` that `old` did not have, or had with other settings.
    static func changedProbes(from old: BuiltConfiguration, to new: BuiltConfiguration) -> Set<String> {
        var changed: Set<String> = []
        for probe in new.probes {
            guard let before = old.probes.first(where: { $0.configuration.name == probe.configuration.name }) else {
                changed.insert(probe.configuration.name)
                continue
            }
            if before.configuration.section.values != probe.configuration.section.values
                || before.configuration.type != probe.configuration.type
            {
                changed.insert(probe.configuration.name)
            }
        }
        return changed
    }

    private func announce(_ engine: AlertEngine) {
        let runtime = engine.runtime
        let probes = runtime.probes.filter { !$0.isConfigurationHealth }
        if probes.isEmpty {
            logger.notice("no probes configured: watching nothing (add [probe.NAME] tables to config.toml)")
        }
        let discovered = runtime.configuration.probes.filter { $0.discoveredFrom != nil }
        for source in Set(discovered.compactMap(\.discoveredFrom)).sorted() {
            let targets = runtime.probes.filter { slot in
                discovered.contains { $0.discoveredFrom == source && slot.probeNames.contains($0.name) }
            }
            let names = targets.map(\.target.name).joined(separator: ", ")
            logger.notice(
                "no aws-sso probe in config.toml: watching every SSO session in \(source) (\(names)); [daemon] discover = false turns it off"
            )
        }
        if let defaults = runtime.channels.first?.configuration.file, defaults.hasPrefix("(default") {
            logger.notice(
                "no drop-in in notifiers.d: alerts go to \(runtime.channels.map(\.name).joined(separator: " and "))")
        }
        var metadata: Logger.Metadata = [
            "probes": "\(probes.map(\.configuration.name).joined(separator: ","))",
            "channels": "\(runtime.channels.map(\.name).joined(separator: ","))",
            "interval": "\(ConfigDuration.format(runtime.configuration.daemon.interval))",
        ]
        if !runtime.channelProblems.isEmpty {
            let disabled = ConfigurationHealthProbe.channelNames(of: runtime.channelProblems)
            metadata["disabled_channels"] = "\(disabled.joined(separator: ","))"
        }
        logger.info("running", metadata: metadata)
    }

    /// Reloads the configuration; keeps the running one when the new one is bad. The running
    /// cycle, if any, finishes under the old configuration first.
    func reload() {
        logger.info("reloading configuration (SIGHUP)")
        switch load() {
        case .failure(let error):
            for diagnostic in error.diagnostics {
                logger.error("configuration error: \(diagnostic.description)")
            }
            logger.error("new configuration rejected; keeping the running one")
        case .success(let engine):
            let old = state.withLock { state -> DaemonLoop<ContinuousClock>? in
                guard !state.shuttingDown else { return nil }
                state.engine = engine
                return state.loop
            }
            old?.stop(.finishingCycle)
            logger.info("configuration reloaded")
        }
    }
}

/// Turns SIGHUP into ``DaemonService/reload()`` until the group shuts down.
///
/// The loop ends through `cancelWhenGracefulShutdown` (a task group that cancels it), never
/// through ServiceLifecycle's `cancelOnGracefulShutdown()` sequence: that one is AsyncAlgorithms'
/// `merge`, whose `next()` (1.1.4) holds its lock across `withUnsafeThrowingContinuation`; when
/// the task is enqueued again before the closure runs, the merge's child tasks block on that lock
/// on every worker thread, and the daemon froze at start (apple/swift-async-algorithms#430).
struct ReloadService: Service {
    let daemon: DaemonService

    func run() async throws {
        let signals = try ProcessSignals.stream([SIGHUP])
        let daemon = daemon
        await cancelWhenGracefulShutdown {
            for await _ in signals { daemon.reload() }
        }
    }
}
