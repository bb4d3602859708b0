import SSOHealingCore
import SSOHealingHTTP

/// The `ntfy` notifier type: one push notification per event through an ntfy server's publish
/// API (https://docs.ntfy.sh/publish/), as JSON posted to the server's root URL.
///
/// Delivered on 2xx; retried on 429 (ntfy's rate limit), 408, 5xx and network failures; failed on
/// any other answer, with ntfy's `error` text in the reason. On a public server the topic name
/// is the password, so `topic` is a secret like `token`: neither appears in a log line or a reason.
///
/// ```toml
/// type = "ntfy"
/// topic = "${NTFY_TOPIC}"           # required
/// server = "https://ntfy.sh"         # optional: a self-hosted server
/// token = "${NTFY_TOKEN}"            # optional: an access token (tk_…) for a protected topic
/// tags = ["aws"]                     # optional: extra tags shown with each notification
/// ```
///
/// Publishes one ntfy notification per event.
public struct NtfyNotifier: Notifier {
    let settings: NtfyNotifier.Settings
    let client: any HTTPTransport

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        do {
            let response = try await client.send(makeRequest(for: event))
            return NtfyReply.result(for: response, hiding: settings.secrets)
        } catch {
            return NtfyReply.result(for: error)
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

extension NtfyNotifier {
    /// A notifier that publishes each event as `settings` say.
    public init(_ settings: Settings, client: any HTTPTransport = HTTPClient()) {
        self.init(settings: settings, client: client)
    }
}
