import SSOHealingAWSSSO
import SSOHealingAlertmanagerNotifier
import SSOHealingAppriseNotifier
import SSOHealingCLI
import SSOHealingCommandProbe
import SSOHealingConsoleNotifier
import SSOHealingCore
import SSOHealingExecNotifier
import SSOHealingNotifySendNotifier
import SSOHealingPagerDutyNotifier
import SSOHealingSendmailNotifier
import SSOHealingSlackNotifier
import SSOHealingTeamsNotifier
import SSOHealingTelegramNotifier
import SSOHealingWebhookNotifier

/// The probe kinds and notifier types that ship with sso-self-healing.
public enum BuiltIns {
    /// Registers every built-in probe kind and notifier type in `registry`, and the lookup of
    /// notifier plug-ins on `PATH` for any other type.
    public static func register(in registry: Registry = SSOSelfHealingCommand.registry) {
        registry.register(probe: CommandProbe.kind, CommandProbe.factory)
        registry.register(probe: AWSSSOProbe.kind, AWSSSOProbe.factory)
        registry.register(notifier: ExecNotifier.type, ExecNotifier.factory)
        registry.register(notifier: ConsoleNotifier.type, ConsoleNotifier.factory)
        registry.register(notifier: TelegramNotifier.type, TelegramNotifier.factory)
        registry.register(notifier: SlackNotifier.type, SlackNotifier.factory)
        registry.register(notifier: WebhookNotifier.type, WebhookNotifier.factory)
        registry.register(notifier: SendmailNotifier.type, SendmailNotifier.factory)
        registry.register(notifier: NotifySendNotifier.type, NotifySendNotifier.factory)
        registry.register(notifier: AlertmanagerNotifier.type, AlertmanagerNotifier.factory)
        registry.register(notifier: PagerDutyNotifier.type, PagerDutyNotifier.factory)
        registry.register(notifier: TeamsNotifier.type, TeamsNotifier.factory)
        registry.register(notifier: AppriseNotifier.type, AppriseNotifier.factory)
        // Any other type: a plug-in `sso-self-healing-notifier-NAME` on PATH.
        PathNotifierPlugins.install(in: registry)
        registry.setDefaultNotifiers { environment in DefaultChannels.channels(environment: environment) }
    }
}
