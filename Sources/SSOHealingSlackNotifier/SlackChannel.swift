import Logging
import SSOHealingCore
import SSOHealingHTTP

/// Posts one incoming-webhook message per event.
struct SlackChannel: Notifier {
    let settings: SlackNotifier.Settings
    let logger: Logger
    let client: any HTTPTransport

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
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
