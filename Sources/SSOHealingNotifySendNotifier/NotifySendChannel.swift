import SSOHealingCore

/// Shows one desktop notification per event with `notify-send` (or `osascript` on macOS).
struct NotifySendChannel: Notifier {
    let program: String
    let appName: String
    let expire: Duration?
    let environment: [String: String]
    let timeout: Duration

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        #if os(macOS)
            let arguments = ["-e", NotifySendNotifier.appleScript(for: event, appName: appName)]
        #else
            let arguments = NotifySendNotifier.notifySendArguments(for: event, appName: appName, expire: expire)
        #endif
        return await ProgramDelivery.run(
            [program] + arguments, input: "", inputName: "the notification", environment: environment,
            timeout: timeout, secrets: [String](), policy: .local, missingProgramHint: NotifySendNotifier.installHint)
    }
}
