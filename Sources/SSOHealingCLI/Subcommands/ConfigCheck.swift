import ArgumentParser
import SSOHealingCore

extension SSOSelfHealingCommand.Config {
    /// `config check`: parse and validate everything, print every error as FILE:LINE:COLUMN: message.
    struct Check: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "check",
            abstract:
                "Parse and validate config.toml and notifiers.d/*.toml; print every error as FILE:LINE:COLUMN: message.",
            discussion: """
                Also checks that each aws-sso probe's sso_session and profile are in the AWS config \
                (run and check keep such a probe, degraded). Exit status: 0 valid, 78 invalid (EX_CONFIG).
                """
        )

        @OptionGroup var global: GlobalOptions

        func run() async throws {
            let context = CommandContext(global: global)
            let result = context.loadConfiguration()
            for diagnostic in result.diagnostics { Output.error(diagnostic.description) }
            guard let configuration = result.configuration else {
                Output.error(
                    "\(result.errors.count) error\(result.errors.count == 1 ? "" : "s"); configuration is invalid")
                throw ExitCode(ExitStatus.configurationError)
            }
            let audited = audit(configuration, context: context)
            for diagnostic in audited { Output.error(diagnostic.description) }
            let errors = audited.filter { $0.severity == .error }.count
            guard errors == 0 else {
                Output.error("\(errors) error\(errors == 1 ? "" : "s"); configuration is invalid")
                throw ExitCode(ExitStatus.configurationError)
            }
            let probes = configuration.enabledProbes.count
            let channels = configuration.notifiers.count
            let files =
                configuration.files.isEmpty ? "no files, defaults only" : configuration.files.joined(separator: ", ")
            Output.print(
                "configuration is valid: \(probes) probe\(probes == 1 ? "" : "s"), \(channels) notifier\(channels == 1 ? "" : "s") (\(files))"
            )
        }

        /// What each probe kind finds wrong against the world outside the configuration (for
        /// aws-sso: the AWS config), which only `config check` treats as an error.
        private func audit(_ configuration: Configuration, context: CommandContext) -> [ConfigDiagnostic] {
            let environment = context.serviceEnvironment.variables
            let logger = context.logger
            return configuration.enabledProbes.flatMap { probe -> [ConfigDiagnostic] in
                guard let audit = SSOSelfHealingCommand.registry.probeFactory(for: probe.type)?.audit else { return [] }
                return audit(
                    ProbeContext(
                        configuration: probe, logger: logger, environment: environment,
                        stateDirectory: context.stateDirectory))
            }
        }
    }
}
