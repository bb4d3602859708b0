import ArgumentParser
import SSOHealingBuiltIns
import SSOHealingCore

/// `sso-self-healing-demo`: the product on simulated AWS endpoints, for a first look and for the
/// benchmarks. A program of its own, so the binary users install carries no fake.
@main
struct DemoMain {
    static func main() async {
        ProcessRunner.ignoreBrokenPipeSignal()
        BuiltIns.register()
        await DemoRoot.main()
    }
}

/// The demo program's commands: `demo` (the default) and `simulate-aws`.
struct DemoRoot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "sso-self-healing-demo",
        abstract: "sso-self-healing on simulated AWS SSO endpoints, with no AWS account.",
        version: ProductInfo.version,
        subcommands: [Demo.self, SimulateAWS.self],
        defaultSubcommand: Demo.self
    )
}
