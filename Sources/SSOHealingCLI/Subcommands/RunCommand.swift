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
            let heartbeat = CycleHeartbeat(logger: logger)
            let systemd = SystemdNotify(environment: context.environment)
            let daemon = DaemonService(
                engine: engine, logger: logger, load: { context.buildEngine(calls: calls) },
                beforeCycle: { engine in heartbeat.cycleStarting(engine) },
                afterCycle: { engine, outcome in
                    switch outcome {
                    case .success(let outcomes):
                        heartbeat.report(outcomes, of: engine)
                        CycleMetrics.write(for: engine, logger: logger)
                        let line = CycleSummary.line(outcomes)
                        systemd?.send("STATUS=" + engine.runtime.configuration.redactor.redact(line))
                    case .failure(let error):
                        heartbeat.reportFailure(of: engine, reason: "\(error)")
                        let line = "the probe cycle could not run: \(error)"
                        systemd?.send("STATUS=" + engine.runtime.configuration.redactor.redact(line))
                    }
                },
                onReady: { systemd?.send("READY=1") }, onStopping: { systemd?.send("STOPPING=1") })
            var services: [ServiceGroupConfiguration.ServiceConfiguration] = [
                .init(service: daemon, successTerminationBehavior: .gracefullyShutdownGroup),
                .init(service: ReloadService(daemon: daemon)),
            ]
            if let systemd, let interval = systemd.watchdogInterval {
                services.append(.init(service: WatchdogService(systemd: systemd, interval: interval)))
            }
            let group = ServiceGroup(
                configuration: ServiceGroupConfiguration(
                    services: services, logger: logger))
            try await group.run(shuttingDownOn: ServiceGroup.shutdownSignals)
            await heartbeat.flush()
        }
    }
}
