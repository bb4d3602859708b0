import ArgumentParser

extension SSOSelfHealingCommand {
    /// `config`: check, show or start the configuration.
    struct Config: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "config",
            abstract: "Check, show or start the configuration.",
            subcommands: [Check.self, Show.self, Init.self]
        )
    }
}
