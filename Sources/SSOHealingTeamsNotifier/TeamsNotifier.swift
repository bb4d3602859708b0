import Logging
import SSOHealingCore
import SSOHealingHTTP

/// The `teams` notifier type: one Adaptive Card per event, posted to a Microsoft Teams channel
/// through a Workflows webhook ("Post to a channel when a webhook request is received").
///
/// Delivered on 2xx (the workflow answers 202 Accepted when it has started the run that posts the
/// card); retried on 408, 429 (after `Retry-After`), 5xx and network failures; failed on 400,
/// 401, 404 and other refusals, with the workflow's error code and message in the reason. The
/// URL is a credential (its `sig` lets anyone post): neither it nor any key-like part of it ever
/// appears in a log line or a reason.
///
/// The workflow answers before it posts: a card it cannot post fails in the workflow's run
/// history, not in the answer. The card is built to be valid (schema 1.4, within 28 KB) so that
/// this does not happen.
///
/// ```toml
/// type = "teams"
/// url = "${TEAMS_WORKFLOW_URL}"   # or url_file = "/run/credentials/teams"
/// ```
///
/// Posts one Adaptive Card message per event.
public struct TeamsNotifier: Notifier {
    let settings: TeamsNotifier.Settings
    let logger: Logger
    let client: any HTTPTransport

    /// The URL's key-like parts, hidden in anything quoted from the server.
    private var secrets: [String] { HTTPRequest(url: settings.url).secretFragments }

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let text = TeamsCard.message(for: event).serialized()
        let request = HTTPRequest(
            method: "POST", url: settings.url, headers: ["Content-Type": "application/json"], body: Array(text.utf8),
            timeout: settings.timeout, connectTimeout: min(settings.timeout, .seconds(5)))
        let result: DeliveryResult
        do {
            let response = try await client.send(request)
            result = TeamsReply.result(for: response, hiding: secrets, sent: text)
        } catch {
            result = TeamsReply.result(for: error)
        }
        let metadata: Logger.Metadata = ["event_id": "\(event.id)", "probe": "\(event.probe)"]
        switch result {
        case .delivered:
            logger.debug("teams card posted", metadata: metadata)
        case .retry(_, let reason):
            logger.debug("teams card not posted, will retry: \(reason)", metadata: metadata)
        case .failed(let reason):
            logger.warning("the teams workflow refused the card: \(reason)", metadata: metadata)
        }
        return result
    }
}

extension TeamsNotifier {
    /// A notifier that posts each event to the workflow in `settings`, logging to `logger`.
    public init(_ settings: Settings, logger: Logger, client: any HTTPTransport = HTTPClient()) {
        self.init(settings: settings, logger: logger, client: client)
    }
}
