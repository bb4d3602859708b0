import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `sendmail` notifier type: one RFC 5322 mail per event, handed to `msmtp -t` or
/// `sendmail -t -i` (or any program that reads a message on standard input).
///
/// The message has `From` (when configured; otherwise the mailer adds one), `To`, a `Subject`
/// rendered from an ``EventTemplate`` (RFC 2047 encoded-words when it is not ASCII), `Date`, a
/// `Message-ID` that stays the same when a delivery is retried, and a UTF-8 quoted-printable body
/// with the summary, the remedy, the event's facts and details, CRLF line endings throughout.
///
/// Exit 0 means delivered; 75 (`EX_TEMPFAIL`: msmtp cannot reach the server), a 4xx reply from
/// the server quoted on standard error (msmtp exits 69 for a greylisting server, as for some
/// permanent refusals, and says `server message: 451 …`), or running past the drop-in's
/// `timeout` (the process group is then killed) means try again later; any other exit means
/// failed, with the first line of the program's standard error in the reason.
///
/// ```toml
/// type = "sendmail"
/// to = ["ops@example.com", "Platform On-Call <oncall@example.com>"]
/// from = "sso-self-healing <alerts@example.com>"
/// subject = "[{{severity}}] {{probe}} {{state}} on {{host}}"
/// ```
///
/// Runs the mailer once per event with the RFC 5322 message on its standard input.
public struct SendmailNotifier: Notifier {
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

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
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

extension SendmailNotifier {
    /// A notifier that runs the mailer once per event.
    ///
    /// - Parameters:
    ///   - to: The recipients.
    ///   - from: The sender; `nil` leaves the `From` header to the mailer.
    ///   - subject: The subject template; `nil` uses ``defaultSubject``.
    ///   - command: The mailer and its arguments; `nil` uses the first of ``defaultCommands`` found.
    ///   - environment: Variables added to `processEnvironment`; treated as secrets, never shown in reasons.
    ///   - channel: The channel's name, part of each Message-ID.
    ///   - timeout: How long one run may take before its process group is killed and the delivery retried.
    ///   - passEnvironment: Variables of `processEnvironment` the mailer also inherits, besides
    ///     the base ones and `ProgramEnvironment/mailerNames`.
    ///   - processEnvironment: The daemon's environment, which the mailer inherits only that much of
    ///     (see `ProgramEnvironment`).
    ///   - now: The clock for the `Date` header.
    public init(
        to: [MailAddress], from: MailAddress? = nil, subject: EventTemplate? = nil, command: [String]? = nil,
        environment: [String: String] = [:], channel: String, timeout: Duration = .seconds(10),
        passEnvironment: [String] = [], processEnvironment: [String: String] = ProcessInfo.processInfo.environment,
        now: @escaping @Sendable () -> Date = { Date() }
    ) {
        var variables = ProgramEnvironment.inherited(
            from: processEnvironment, passing: ProgramEnvironment.mailerNames.union(passEnvironment))
        variables.merge(environment) { _, configured in configured }
        self.init(
            to: to, from: from, subject: subject ?? Self.defaultSubjectTemplate, command: command,
            secrets: Array(environment.values), environment: variables, channel: channel, timeout: timeout, now: now)
    }
}
