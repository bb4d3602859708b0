import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Runs the mailer once per event with the RFC 5322 message on its standard input.
struct SendmailChannel: Notifier {
    let to: [MailAddress]
    let from: MailAddress?
    let subject: EventTemplate
    let command: [String]?
    /// Configured environment values: hidden in anything quoted from the mailer.
    let secrets: [String]
    let environment: [String: String]
    let channel: String
    let timeout: Duration
    let now: @Sendable () -> Date

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        guard let command = command ?? SendmailNotifier.defaultCommand(environment: environment) else {
            return .failed(reason: SendmailNotifier.noMailerMessage)
        }
        let message = MailMessage.text(
            for: event, from: from, to: to, subject: subject.render(event), channel: channel, date: now())
        return await ProgramDelivery.run(
            command, input: message, inputName: "the message", environment: environment, timeout: timeout,
            secrets: secrets, policy: .mail, missingProgramHint: "install msmtp or sendmail, or fix \"command\"")
    }
}
