import SSOHealingCore
import SSOHealingHTTP

/// The `webhook` notifier type: one HTTP request per event to any endpoint, with a method,
/// headers and a body rendered from an ``EventTemplate``.
///
/// A 2xx answer means delivered. 408, 429 (honouring `Retry-After`, in seconds or as an
/// HTTP-date), 5xx and network failures mean try again later. Any other answer means failed, with the status
/// and at most 200 characters of the answer's body as the reason; the URL never appears in a
/// reason, and neither does a header value or any part of the URL the server echoes.
///
/// The body is the event's JSON unless `body` sets a template (see ``EventTemplate`` for its
/// placeholders). When `content_type` is JSON, values are escaped for the inside of JSON strings:
///
/// ```toml
/// type = "webhook"
/// url = "${OPS_WEBHOOK_URL}"
/// headers = { Authorization = "Bearer ${OPS_WEBHOOK_TOKEN}" }
/// body = '''{"text": "[{{severity}}] {{summary}}", "remedy": "{{remedy}}", "event": {{json}}}'''
/// ```
///
/// Sends one HTTP request per event and maps the answer to a delivery result.
public struct WebhookNotifier: Notifier {
    let url: String
    let method: String
    let headers: HTTPHeaders
    let body: EventTemplate
    let contentType: String
    let timeout: Duration
    let client: any HTTPTransport

    /// The URL's parts and the configured header values, hidden in anything quoted from the server.
    private var secrets: [String] { HTTPRequest(url: url, headers: headers).secretFragments }

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let text = body.render(event, escaping: EventTemplate.Escaping(contentType: contentType))
        var fields = headers
        fields["Content-Type"] = contentType
        let request = HTTPRequest(
            method: method, url: url, headers: fields, body: Array(text.utf8), timeout: timeout,
            connectTimeout: min(timeout, .seconds(5)))
        let response: HTTPResponse
        do {
            response = try await client.send(request)
        } catch {
            return HTTPDeliveryOutcome.result(for: error, service: "webhook")
        }
        var reason = "the webhook answered HTTP \(response.status)" + excerpt(of: response, sent: text)
        if let note = HTTPDeliveryOutcome.note(forStatus: response.status) { reason += " (\(note))" }
        return HTTPDeliveryOutcome(response).result(reason: reason)
    }

    private func excerpt(of response: HTTPResponse, sent: String) -> String {
        ErrorExcerpt.excerpt(
            of: response.bodyText, hiding: secrets, repeating: sent, inputName: "the request body"
        ).map { ": \($0)" } ?? ""
    }
}

extension WebhookNotifier {
    /// A notifier that sends one request per event.
    ///
    /// - Parameters:
    ///   - url: The endpoint; never shown in a reason.
    ///   - method: The method, sent as given.
    ///   - headers: Fields sent with every request; their values are never shown in a reason.
    ///   - body: The body template, rendered with the escaping `contentType` calls for; `nil` sends the event's JSON.
    ///   - contentType: The `Content-Type` of the body.
    ///   - timeout: The time one request may take, connection included.
    ///   - client: The HTTP client.
    public init(
        url: String, method: String = "POST", headers: HTTPHeaders = [:],
        body: EventTemplate? = nil, contentType: String = defaultContentType,
        timeout: Duration = .seconds(10), client: any HTTPTransport = HTTPClient()
    ) {
        self.init(
            url: url, method: method, headers: headers, body: body ?? Self.eventJSON, contentType: contentType,
            timeout: timeout, client: client)
    }
}
