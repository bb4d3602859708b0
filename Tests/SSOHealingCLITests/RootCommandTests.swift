import SSOHealingCLI
import Testing

@Test func rootCommandIsNamedLikeTheBinary() {
    #expect(SSOSelfHealingCommand.configuration.commandName == "sso-self-healing")
}
