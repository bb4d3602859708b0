import ArgumentParser
import Logging
import SSOHealingCore
import ServiceLifecycle

extension SSOSelfHealingCommand {
    /// `run`: the daemon, in the foreground.
    struct Run: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "run",
            abstract: "Run the daemon in the foreground (for launchd, systemd or a container).",
            discussion: """
                Probes every [daemon] interval, raises an event on each state change and delivers it to \
                every matching channel, keeping undelivered ones in the outbox. SIGHUP reloads the \
                configuration (a bad one is reported and the running one kept); SIGTERM or SIGINT \
                finish deliveries under way and exit 0. Exit status 78: bad configuration at start; 1: a \
                state that cannot be used (written by a newer version, or unreadable).
                """
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CommandContext(global: global)
            let logger = context.logger
            await StartupNotes.log(to: logger)
            let calls = ChannelCalls()
            let engine = try context.engineOrExit(calls: calls)
            try context.refuseUnusableState(of: engine.store, exitingWith: 1)
            let heartbeat = CycleHeartbeat(logger: logger)
            let daemon = DaemonService(
                engine: engine, logger: logger, load: { context.buildEngine(calls: calls) },
                beforeCycle: { engine in heartbeat.cycleStarting(engine) },
                afterCycle: { engine, outcome in
                    switch outcome {
                    case .success(let outcomes):
                        heartbeat.report(outcomes, of: engine)
                        CycleMetrics.write(for: engine, logger: logger)
                    case .failure(let error): heartbeat.reportFailure(of: engine, reason: "\(error)")
                    }
                })
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [
                        .init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup),
                        .init(service: ReloadService(daemon: daemon)),
                    ],
                    logger: logger))
            try await group.run(shuttingDownOn: ServiceGroup.shutdownSignals)
            await heartbeat.flush()
        }
    }
}
