import Logging
import SSOHealingCore
import SSOHealingHTTP

/// The `slack` notifier type: one message per event through an incoming webhook.
///
/// Delivered on 2xx; retried on 408, 429 (after the `Retry-After` Slack gives), 5xx and network
/// failures; failed on 400, 403, 404, 410 and other refusals, with Slack's error code
/// (`invalid_payload`, `channel_not_found`, …) in the reason. The webhook URL is a credential:
/// neither it nor its path ever appears in a log line or a reason.
///
/// ```toml
/// type = "slack"
/// webhook_url = "${SLACK_WEBHOOK_URL}"   # or webhook_url_file = "/run/credentials/slack"
/// username = "sso-self-healing"          # optional: only legacy webhooks honour it
/// icon_emoji = ":key:"                   # optional: only legacy webhooks honour it
/// ```
///
/// Posts one incoming-webhook message per event.
public struct SlackNotifier: Notifier {
    let settings: SlackNotifier.Settings
    let logger: Logger
    let client: any HTTPTransport

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let secrets = settings.secrets
        let result: DeliveryResult
        do {
            let response = try await client.send(makeRequest(for: event))
            result = SlackReply.result(for: response, hiding: secrets)
        } catch {
            result = SlackReply.result(for: error)
        }
        let metadata: Logger.Metadata = ["event_id": "\(event.id)", "probe": "\(event.probe)"]
        switch result {
        case .delivered:
            logger.debug("slack message posted", metadata: metadata)
        case .retry(_, let reason):
            logger.debug("slack message not posted, will retry: \(reason)", metadata: metadata)
        case .failed(let reason):
            logger.warning("slack refused the message: \(reason)", metadata: metadata)
        }
        return result
    }

    /// `POST {webhook_url}` with the JSON payload.
    func makeRequest(for event: AlertEvent) -> HTTPRequest {
        let payload = SlackMessage.payload(for: event, username: settings.username, iconEmoji: settings.iconEmoji)
        return HTTPRequest(
            method: "POST", url: settings.webhookURL,
            headers: ["Content-Type": "application/json; charset=utf-8"],
            body: Array(payload.serialized().utf8), timeout: settings.timeout,
            connectTimeout: min(settings.timeout, .seconds(5)))
    }
}

extension SlackNotifier {
    /// A notifier that posts each event to the webhook in `settings`, logging to `logger`.
    public init(
        _ settings: Settings, logger: Logger, client: any HTTPTransport = HTTPClient()
    ) {
        self.init(settings: settings, logger: logger, client: client)
    }
}
