import SSOHealingCLI
import SSOHealingCore

/// The `sso-self-healing` program: the stock command line with the built-in probes and notifiers.
@main
struct Main {
    static func main() async {
        // Before any task reaches the global executor: see GlobalExecutor.installPool().
        GlobalExecutor.installPool()
        ProcessRunner.ignoreBrokenPipeSignal()
        BuiltIns.register()
        await SSOSelfHealingCommand.main()
    }
}
