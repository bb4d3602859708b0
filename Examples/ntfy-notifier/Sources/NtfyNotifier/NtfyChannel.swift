import SSOHealingCore
import SSOHealingHTTP

/// Publishes one ntfy notification per event.
struct NtfyChannel: Notifier {
    let settings: NtfyNotifier.Settings
    let client: HTTPClient

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        do {
            let response = try await client.send(makeRequest(for: event))
            return NtfyReply.result(for: response, hiding: settings.secrets)
        } catch {
            return NtfyReply.result(for: error, hiding: settings.secrets)
        }
    }

    /// `POST {server}/` with the JSON payload, and the token as a bearer credential.
    func makeRequest(for event: AlertEvent) -> HTTPRequest {
        var headers: HTTPHeaders = ["Content-Type": "application/json"]
        if let token = settings.token { headers["Authorization"] = "Bearer \(token)" }
        let payload = NtfyMessage.payload(for: event, topic: settings.topic, extraTags: settings.tags)
        return HTTPRequest(
            method: "POST", url: settings.publishURL, headers: headers, body: Array(payload.serialized().utf8),
            timeout: settings.timeout, connectTimeout: min(settings.timeout, .seconds(5)))
    }
}
