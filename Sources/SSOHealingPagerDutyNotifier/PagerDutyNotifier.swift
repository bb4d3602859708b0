import Logging
import SSOHealingCore
import SSOHealingHTTP

/// The `pagerduty` notifier type: one Events API v2 event per alert (`POST /v2/enqueue`).
///
/// A degraded or expired change triggers an alert whose `dedup_key` names the host, the
/// fingerprint and the episode, so PagerDuty's incident follows the episode: later changes and
/// reminders of the episode fold into it, and the return to ok resolves it. Severity is
/// `critical` when expired and `warning` when degraded; the payload carries the summary, the
/// host as `source`, the probe as `component`, the event's details (and the remedy) as
/// `custom_details`, and a login approval link in `links`.
///
/// Delivered on 2xx (PagerDuty answers 202); retried on 408, 429, 5xx and network failures;
/// failed on 400 and other refusals, with PagerDuty's `message` and `errors` in the reason. The
/// routing key is a credential: it never appears in a log line or a reason.
///
/// ```toml
/// type = "pagerduty"
/// routing_key = "${PAGERDUTY_ROUTING_KEY}"   # or routing_key_file = "/run/credentials/pagerduty"
/// ```
///
/// Sends one Events API v2 event per alert event.
public struct PagerDutyNotifier: Notifier {
    let settings: PagerDutyNotifier.Settings
    let logger: Logger
    let client: any HTTPTransport

    /// Delivers `event` and says what came of it; a test alert is resolved as soon as it is taken.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        var result = await send(PagerDutyEvent.body(for: event, routingKey: settings.routingKey))
        if event.test, result == .delivered {
            // Retrying after a failed resolve sends the trigger again under the same key, which
            // PagerDuty folds into the open alert, then the resolve.
            result = await send(PagerDutyEvent.body(for: event, routingKey: settings.routingKey, action: .resolve))
        }
        let metadata: Logger.Metadata = [
            "event_id": "\(event.id)", "probe": "\(event.probe)", "dedup_key": "\(PagerDutyEvent.dedupKey(for: event))",
        ]
        switch result {
        case .delivered:
            logger.debug("pagerduty event sent", metadata: metadata)
        case .retry(_, let reason):
            logger.debug("pagerduty event not sent, will retry: \(reason)", metadata: metadata)
        case .failed(let reason):
            logger.warning("pagerduty refused the event: \(reason)", metadata: metadata)
        }
        return result
    }

    private func send(_ body: JSONValue) async -> DeliveryResult {
        let text = body.serialized()
        let request = HTTPRequest(
            method: "POST", url: settings.endpoint, headers: ["Content-Type": "application/json"],
            body: Array(text.utf8), timeout: settings.timeout, connectTimeout: min(settings.timeout, .seconds(5)))
        do {
            let response = try await client.send(request)
            return PagerDutyReply.result(for: response, hiding: settings.secrets, sent: text)
        } catch {
            return PagerDutyReply.result(for: error)
        }
    }
}

extension PagerDutyNotifier {
    /// A notifier that sends each event to the Events API in `settings`, logging to `logger`.
    public init(_ settings: Settings, logger: Logger, client: any HTTPTransport = HTTPClient()) {
        self.init(settings: settings, logger: logger, client: client)
    }
}
