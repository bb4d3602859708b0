import SSOHealingCLI

await SSOSelfHealingCommand.main()
