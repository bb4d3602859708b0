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

    /// Name of the variable that pins the wall clock (tests drive time through it).
    static let clockOverrideVariable = "SSO_SELF_HEALING_NOW"

    var configDirectory: String { global.resolvedConfigDirectory(environment: environment) }
    var stateDirectory: String { global.resolvedStateDirectory(environment: environment) }
    var logger: Logger { global.logger() }

    func loadConfiguration() -> ConfigurationLoadResult {
        ConfigurationLoader(
            directory: configDirectory, environment: environment, kinds: SSOSelfHealingCommand.registry.kinds
        ).load()
    }

    /// The wall clock: the system's, or the moment `SSO_SELF_HEALING_NOW` pins.
    var now: @Sendable () -> Date {
        if let pinned = environment[Self.clockOverrideVariable].flatMap(Timestamp.parse) {
            return { pinned }
        }
        return { Date() }
    }

    var store: StateStore { StateStore(directory: stateDirectory, logger: logger) }

    /// Refuses to go on, printing why and exiting with `status`, when `store`'s state cannot be
    /// used: written by a newer version (left untouched), or unreadable. Damage is no reason to
    /// stop: the store recovers from the other copy, or starts afresh.
    func refuseUnusableState(of store: StateStore, exitingWith status: Int32) throws {
        // The update that follows reports (and repairs) damage: say nothing of it twice.
        var store = store
        store.logger.logLevel = .critical
        do throws(StateStore.Failure) {
            _ = try store.read()
        } catch  where error.kind == .damaged {
            return
        } catch {
            Output.error("cannot use the state: \(error.description)")
            throw ExitCode(status)
        }
    }

    /// Loads the configuration and builds every probe and channel; warnings are logged.
    /// `calls` is shared by every engine a daemon builds, so a reload never starts a second call
    /// to a channel while a timed-out one still runs.
    func buildEngine(calls: ChannelCalls = ChannelCalls()) -> Result<AlertEngine, ConfigurationError> {
        let result = loadConfiguration()
        let logger = self.logger
        for warning in result.warnings { logger.warning("\(warning.description)") }
        do {
            let configuration = try result.get()
            let runtime = try Runtime.build(
                configuration: configuration, registry: SSOSelfHealingCommand.registry, environment: environment,
                stateDirectory: stateDirectory, logger: logger)
            return .success(AlertEngine(runtime: runtime, store: store, now: now, calls: calls, logger: logger))
        } catch {
            return .failure(error)
        }
    }

    /// The names of the configured targets (an aws-sso target is its SSO session, however many
    /// probes name it), in configuration order; `nil` when the configuration does not build.
    func targetNames() -> [String]? {
        guard let configuration = try? loadConfiguration().get() else { return nil }
        var quiet = logger
        quiet.logLevel = .error
        guard
            let runtime = try? Runtime.build(
                configuration: configuration, registry: SSOSelfHealingCommand.registry, environment: environment,
                stateDirectory: stateDirectory, logger: quiet)
        else { return configuration.probes.filter(\.enabled).map(\.name) }
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
