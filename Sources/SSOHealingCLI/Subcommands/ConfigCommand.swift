import ArgumentParser

extension SSOSelfHealingCommand {
    /// `config`: check or show the configuration.
    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Check or show the configuration.",
            subcommands: [Check.self, Show.self]
        )
    }
}
