import ArgumentParser
import Logging
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What every subcommand needs: resolved directories, the environment, the registered kinds.
struct CommandContext {
    var global: GlobalOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment

    var configDirectory: String { global.resolvedConfigDirectory(environment: environment) }
    var stateDirectory: String { global.resolvedStateDirectory(environment: environment) }
    var logger: Logger { global.logger() }

    func loadConfiguration() -> ConfigurationLoadResult { loadConfiguration(serviceEnvironment) }

    /// `environment` with the variables of `--environment-file` over it (the file wins, as with
    /// systemd's `EnvironmentFile=`), and the file's problems; the file is read on every use, so
    /// each reload sees it as it is now.
    var serviceEnvironment: (variables: [String: String], diagnostics: [ConfigDiagnostic]) {
        guard let path = global.resolvedEnvironmentFile else { return (environment, []) }
        let file = EnvironmentFile.read(path)
        return (file.applied(to: environment), file.diagnostics)
    }

    /// The configuration, expanded from `service`; the environment file's problems come first.
    private func loadConfiguration(
        _ service: (variables: [String: String], diagnostics: [ConfigDiagnostic])
    ) -> ConfigurationLoadResult {
        var result = ConfigurationLoader(
            directory: configDirectory, environment: service.variables, kinds: SSOSelfHealingCommand.registry.kinds
        ).load()
        result.diagnostics = service.diagnostics + result.diagnostics
        return result
    }

    /// The wall clock (see ``WallClock``).
    var now: @Sendable () -> Date { WallClock.current }

    var store: StateStore { StateStore(directory: stateDirectory, logger: logger) }

    /// Refuses to go on, printing why and exiting with `status`, when `store`'s state cannot be
    /// used: written by a newer version (left untouched), unreadable, in a directory others can
    /// change, or behind a planted symbolic link. Damage is no reason to stop: the first update
    /// recovers from the other copy, or starts afresh, and says so.
    func refuseUnusableState(of store: StateStore, exitingWith status: Int32) throws {
        // The update that follows reports damage: say nothing of it twice.
        var store = store
        store.logger.logLevel = .critical
        do throws(StateStore.Failure) {
            _ = try store.read()
        } catch let failure where failure.kind == .damaged {
            return
        } catch {
            Output.error("cannot use the state: \(error.description)")
            throw ExitCode(status)
        }
    }

    /// Loads the configuration and builds every probe and channel; warnings are logged.
    /// `calls` is shared by every engine a daemon builds, so a reload never starts a second call
    /// to a channel while a timed-out one still runs.
    ///
    /// A drop-in that cannot be built disables its own channel only: its errors are logged, the
    /// other channels and every probe run, and the daemon's own target `sso-self-healing:config`
    /// tells the working channels (see ``ConfigurationHealthProbe``). Any other error fails.
    func buildEngine(calls: ChannelCalls = ChannelCalls()) -> Result<AlertEngine, ConfigurationError> {
        let service = serviceEnvironment
        let result = loadConfiguration(service)
        let logger = self.logger
        for warning in result.warnings { logger.warning("\(warning.description)") }
        do {
            let configuration = try result.withoutBrokenDropIns()
            var runtime = try BuiltConfiguration.build(
                configuration: configuration, registry: SSOSelfHealingCommand.registry,
                environment: service.variables,
                stateDirectory: stateDirectory, logger: logger, disablingBrokenChannels: true)
            let store = self.store
            let watched = runtime.watchConfigurationHealth(remembering: rememberedState(of: store))
            for problem in runtime.channelProblems {
                logger.error("channel disabled: \(problem.description)")
            }
            if !runtime.channelProblems.isEmpty && !watched {
                logger.error(
                    "a configured target is named \(ConfigurationHealthProbe.targetName): the disabled channels are only logged, not alerted"
                )
            }
            return .success(AlertEngine(runtime: runtime, store: store, now: now, calls: calls, logger: logger))
        } catch {
            return .failure(error)
        }
    }

    /// What `store` holds, when it can be read; quietly `nil` otherwise (the first update says why).
    private func rememberedState(of store: StateStore) -> EngineState? {
        var store = store
        store.logger.logLevel = .critical
        return try? store.read()
    }

    /// The names of the configured targets (an aws-sso target is its SSO session, however many
    /// probes name it), in configuration order, and the daemon's own target while it has
    /// something to say; `nil` when the configuration does not build.
    func targetNames() -> [String]? {
        let loaded = loadConfiguration()
        guard let configuration = try? loaded.withoutBrokenDropIns() else { return nil }
        var quiet = logger
        quiet.logLevel = .critical
        guard
            var runtime = try? BuiltConfiguration.build(
                configuration: configuration, registry: SSOSelfHealingCommand.registry, environment: environment,
                stateDirectory: stateDirectory, logger: quiet, disablingBrokenChannels: true)
        else { return configuration.probes.filter(\.enabled).map(\.name) }
        runtime.watchConfigurationHealth(remembering: rememberedState(of: store))
        return runtime.probes.map(\.target.name)
    }

    /// Builds the engine or prints every configuration error and exits 78.
    func engineOrExit(calls: ChannelCalls = ChannelCalls()) throws -> AlertEngine {
        switch buildEngine(calls: calls) {
        case .success(let engine): return engine
        case .failure(let error):
            for diagnostic in error.diagnostics { Output.error(diagnostic.description) }
            throw ExitCode(ExitStatus.configurationError)
        }
    }
}
