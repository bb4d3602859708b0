import SSOHealingCore
import SSOHealingHTTP

/// Sends one HTTP request per event and maps the answer to a delivery result.
struct WebhookChannel: Notifier {
    let url: String
    let method: String
    let headers: HTTPHeaders
    let body: EventTemplate
    let contentType: String
    let timeout: Duration
    let client: any HTTPTransport

    /// The URL's parts and the configured header values, hidden in anything quoted from the server.
    private var secrets: [String] { HTTPRequest(url: url, headers: headers).secretFragments }

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
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
