import ArgumentParser
import SSOHealingCore

/// The `sso-self-healing` command line: the root command and its subcommands.
public struct SSOSelfHealingCommand: AsyncParsableCommand {
    public static let configuration = CommandConfiguration(
        commandName: ProductInfo.name,
        abstract: "Keep AWS IAM Identity Center (AWS SSO) sessions alive and tell a person when one needs a login.",
        version: ProductInfo.version,
        subcommands: [
            Run.self, Check.self, Status.self, Login.self, Notifiers.self, Config.self, Install.self,
            Uninstall.self,
        ]
    )

    public init() {}
}

extension SSOSelfHealingCommand {
    /// The probe kinds and notifier types this program knows; register custom ones before `main()`.
    public static let registry = Registry()
}
