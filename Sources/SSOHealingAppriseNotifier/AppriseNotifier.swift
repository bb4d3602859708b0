import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The `apprise` notifier type: one notification per event to every URL of the channel, sent by
/// the `apprise` command-line tool (`pip install apprise`), so any of the services Apprise
/// supports (Discord, Matrix, ntfy, Pushover, Teams, a JSON or form endpoint, …) is a channel.
///
/// The URLs carry tokens, so they never appear on a command line, where `ps` would show them:
/// each delivery writes them to a configuration file (0600, in a fresh 0700 folder that is
/// removed afterwards) and runs `apprise -v -t TITLE -n TYPE --config FILE` with the body on
/// standard input. The type is `success` for a resolution, otherwise `info`, `warning` or
/// `failure` by severity.
///
/// Exit 0 means delivered. Apprise exits 1 both when a service refused the notification and
/// when it could not reach it, 4 when only some of the URLs took it, and 5 when it gave up
/// waiting: all three, and running past the drop-in's `timeout`, mean try again later (a retry
/// reaches every URL of the channel again). Any other exit (2: apprise did not understand its
/// arguments; 3: no URL was usable) means failed, with the first line of apprise's warnings,
/// secrets hidden, in the reason (apprise logs them to standard output).
///
/// ```toml
/// type = "apprise"
/// urls = ["${MATRIX_URL}", "ntfys://ntfy.example/sso-alerts"]
/// ```
public struct AppriseNotifier: Notifier {
    let urls: [String]
    let program: String
    let timeout: Duration
    let environment: [String: String]

    /// A notifier that runs `apprise` once per event.
    ///
    /// - Parameters:
    ///   - urls: The Apprise URLs, in Apprise's own syntax (`json://host/path`, `tgram://TOKEN/CHAT`, …); secrets.
    ///   - program: The `apprise` program; a name without `/` is looked up on the `PATH` of `environment`.
    ///   - timeout: How long one run may take before its process group is killed and the delivery retried.
    ///   - environment: The environment apprise runs with.
    public init(
        urls: [String], program: String = defaultProgram, timeout: Duration = .seconds(10),
        environment: [String: String] = ProcessInfo.processInfo.environment
    ) {
        self.urls = urls
        self.program = program
        self.timeout = timeout
        self.environment = environment
    }

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let secrets = Redactor.forms(of: urls)
        let file: AppriseURLFile
        do {
            file = try AppriseURLFile(urls: urls)
        } catch {
            return .retry(after: nil, reason: "cannot write apprise's URL file: \(error.description)")
        }
        defer { file.remove() }
        let command = [program] + AppriseNotifier.arguments(for: event, configPath: file.path)
        return await ProgramDelivery.run(
            command, input: AppriseNotifier.body(for: event), inputName: "the message", environment: environment,
            timeout: timeout, secrets: secrets, policy: AppriseNotifier.policy,
            missingProgramHint: AppriseNotifier.installHint, quoting: .standardErrorOrOutput)
    }
}
