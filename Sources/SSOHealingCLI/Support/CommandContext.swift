import Foundation
import SSOHealingCore

/// What every subcommand needs: resolved directories, the environment, the registered kinds.
struct CommandContext {
    var global: GlobalOptions
    var environment: [String: String] = ProcessInfo.processInfo.environment

    var configDirectory: String { global.resolvedConfigDirectory(environment: environment) }
    var stateDirectory: String { global.resolvedStateDirectory(environment: environment) }

    func loadConfiguration() -> ConfigurationLoadResult {
        ConfigurationLoader(
            directory: configDirectory, environment: environment, kinds: SSOSelfHealingCommand.registry.kinds
        ).load()
    }
}
