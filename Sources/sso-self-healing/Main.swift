import SSOHealingCLI
import SSOHealingCore

/// The `sso-self-healing` program: the stock command line with the built-in probes and notifiers.
@main
struct Main {
    static func main() async {
        ProcessRunner.ignoreBrokenPipeSignal()
        BuiltIns.register()
        await SSOSelfHealingCommand.main()
    }
}
