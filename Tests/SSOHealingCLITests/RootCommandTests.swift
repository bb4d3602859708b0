import ArgumentParser
import Testing

@testable import SSOHealingCLI

@Test func rootCommandIsNamedLikeTheBinary() {
    #expect(SSOSelfHealingCommand.configuration.commandName == "sso-self-healing")
}

/// Every command carries its name, so ArgumentParser never derives one from the type's name
/// (which costs each process a scan of the runtime's conformance records); the names are the ones
/// the README and product.md document.
@Test func everyCommandIsNamedExplicitly() {
    func names(_ command: any ParsableCommand.Type, prefix: String) -> [String] {
        let name = command.configuration.commandName.map { "\(prefix)\($0)" } ?? "\(prefix)<unnamed>"
        return [name] + command.configuration.subcommands.flatMap { names($0, prefix: name + " ") }
    }
    #expect(
        names(SSOSelfHealingCommand.self, prefix: "") == [
            "sso-self-healing",
            "sso-self-healing run",
            "sso-self-healing check",
            "sso-self-healing status",
            "sso-self-healing login",
            "sso-self-healing notifiers",
            "sso-self-healing notifiers list",
            "sso-self-healing notifiers test",
            "sso-self-healing config",
            "sso-self-healing config check",
            "sso-self-healing config show",
            "sso-self-healing config init",
            "sso-self-healing install",
            "sso-self-healing uninstall",
        ])
}

@Test func enumArgumentsListTheirRawValues() {
    #expect(LogFormat.allValueStrings == ["text", "json"])
    #expect(LogFormat.json.defaultValueDescription == "json")
    #expect(ServicePlan.Mode.allValueStrings == ["daemon", "timer"])
}
