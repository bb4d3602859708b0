import NtfyNotifier
import SSOHealingBuiltIns
import SSOHealingCLI
import SSOHealingCore

/// `sso-self-healing-ntfy`: the stock command line, with the built-ins and the `ntfy` notifier
/// registered first, as a program bootstraps swift-log before it logs.
@main
struct Main {
    static func main() async {
        ProcessRunner.ignoreBrokenPipeSignal()
        BuiltIns.register()
        SSOSelfHealingCommand.registry.register(notifier: NtfyNotifier.type, NtfyNotifier.factory)
        await SSOSelfHealingCommand.main()
    }
}
