import ArgumentParser
import SSOHealingCore

extension SSOSelfHealingCommand {
    /// `notifiers`: list the channels or send them a test alert.
    struct Notifiers: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notifiers",
            abstract: "List the channels from notifiers.d/, or send each a test alert.",
            subcommands: [List.self, Test.self]
        )

        struct List: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "list", abstract: "List the channels and their routing.")

            @OptionGroup var global: GlobalOptions

            func run() async throws {
                let result = CommandContext(global: global).loadConfiguration()
                for diagnostic in result.diagnostics { Output.error(diagnostic.description) }
                guard let configuration = result.configuration else { throw ExitCode(ExitStatus.configurationError) }
                if configuration.notifiers.isEmpty {
                    Output.print(
                        "no channels: add a drop-in to notifiers.d/ (see the examples shipped with the project)")
                }
                for notifier in configuration.notifiers {
                    let routing = notifier.routing
                    var line =
                        "\(Output.field(notifier.name))\ttype=\(Output.field(notifier.type))\tmin_severity=\(routing.minSeverity.rawValue)"
                    line += "\tsend_resolved=\(routing.sendResolved)"
                    line += "\trepeat_interval=\(routing.repeatInterval.map(ConfigDuration.format) ?? "default")"
                    line += "\tprobes=\(Output.field(routing.probes?.joined(separator: ",") ?? "all"))"
                    line += "\tfile=\(Output.field(notifier.file))"
                    Output.print(line)
                }
                for file in configuration.disabledFiles { Output.print("(disabled: \(Output.field(file)))") }
                if configuration.notifiers.contains(where: { $0.file.hasPrefix("(default") }) {
                    Output.print(
                        "(no drop-in in notifiers.d: these default channels apply until you add one; see `config init`)"
                    )
                }
            }
        }

        struct Test: AsyncParsableCommand {
            static let configuration = CommandConfiguration(
                commandName: "test",
                abstract: "Send a clearly marked test alert through each channel (or those named) and report each.",
                discussion: "Exit status: 0 if every channel delivered, 1 otherwise."
            )

            @OptionGroup var global: GlobalOptions

            @Argument(help: "Channels to test (default: all).")
            var names: [String] = []

            func run() async throws {
                let engine = try CommandContext(global: global).engineOrExit()
                let known = engine.runtime.channels.map(\.name)
                // A channel whose drop-in cannot be built was logged as disabled: it cannot pass.
                let disabled = ConfigurationHealthProbe.channelNames(of: engine.runtime.channelProblems)
                for name in names where disabled.contains(name) && !known.contains(name) {
                    Output.error("channel \(name) is disabled: its drop-in cannot be used")
                    throw ExitCode(1)
                }
                for name in names where !known.contains(name) {
                    Output.error("no channel named \"\(name)\" (known: \(known.joined(separator: ", ")))")
                    throw ExitCode(1)
                }
                if known.isEmpty {
                    Output.error("no channels configured")
                    throw ExitCode(1)
                }
                let results = await engine.sendTest(to: names)
                for (channel, result) in results {
                    Output.print("\(Output.field(channel)): \(Output.field(result.description))")
                }
                if results.contains(where: { $0.result != .delivered }) || (names.isEmpty && !disabled.isEmpty) {
                    throw ExitCode(1)
                }
            }
        }
    }
}
