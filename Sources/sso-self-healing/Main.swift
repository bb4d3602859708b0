import SSOHealingCLI

/// The `sso-self-healing` program: the stock command line with the built-in probes and notifiers.
@main
struct Main {
    static func main() async {
        await SSOSelfHealingCommand.main()
    }
}
