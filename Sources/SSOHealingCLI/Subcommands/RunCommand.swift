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
                configuration (a bad config.toml is reported and the running one kept; a drop-in that \
                cannot be built disables its own channel only, and the other channels are told as \
                sso-self-healing:config); SIGTERM or SIGINT \
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
            let daemon = DaemonService(engine: engine, logger: logger, load: { context.buildEngine(calls: calls) }) {
                engine, outcomes in
                if let outcomes {
                    await CycleHeartbeat.report(outcomes, of: engine, logger: logger)
                } else {
                    await CycleHeartbeat.reportFailure(of: engine, logger: logger)
                }
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: [
                        .init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup),
                        .init(service: ReloadService(daemon: daemon)),
                    ],
                    logger: logger))
            try await group.run(shuttingDownOn: ServiceGroup.shutdownSignals)
        }
    }
}
