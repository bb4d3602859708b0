import ArgumentParser
import SSOHealingCore

extension SSOSelfHealingCommand.Config {
    /// `config show`: the effective configuration, secrets redacted.
    struct Show: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "show",
            abstract:
                "Print the effective configuration after defaults, ${VAR} expansion and drop-ins; secrets as <redacted>."
        )

        @OptionGroup var global: GlobalOptions

        @Flag(name: .long, help: "Print JSON instead of TOML.")
        var json = false

        func run() async throws {
            let result = CommandContext(global: global).loadConfiguration()
            for diagnostic in result.diagnostics { Output.error(diagnostic.description) }
            guard let configuration = result.configuration else { throw ExitCode(ExitStatus.configurationError) }
            if json {
                Output.print(ConfigurationRenderer.json(configuration).serialized(pretty: true))
            } else {
                Output.print(ConfigurationRenderer.toml(configuration), terminator: "")
            }
        }
    }
}
