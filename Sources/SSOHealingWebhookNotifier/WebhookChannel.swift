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
            return Self.result(for: error)
        }
        if response.isSuccess { return .delivered }
        let reason = "the webhook answered HTTP \(response.status)" + excerpt(of: response, sent: text)
        switch response.status {
        case 429:
            return .retry(after: RetryAfter.of(response), reason: reason)
        case 500...599:
            return .retry(after: RetryAfter.of(response), reason: reason)
        case 300...399:
            return .failed(reason: reason + " (redirects are not followed: configure the final URL)")
        default:
            return .failed(reason: reason)
        }
    }

    private func excerpt(of response: HTTPResponse, sent: String) -> String {
        ErrorExcerpt.excerpt(
            of: response.bodyText, hiding: secrets, repeating: sent, inputName: "the request body"
        ).map { ": \($0)" } ?? ""
    }

    /// A reason that names what failed but not the server: its host name may be part of the secret URL.
    static func result(for error: HTTPClientError) -> DeliveryResult {
        let phrase =
            switch error.kind {
            case .timeout: "timed out"
            case .couldNotConnect: "could not connect to the webhook's server"
            case .connectionDropped: "the connection broke before a complete answer"
            case .nameResolution: "could not resolve the webhook's host name"
            case .tls: "the TLS handshake or certificate check failed"
            case .responseTooLarge: "the answer was too large"
            case .invalidRequest: "the request could not be sent as configured (check url, method and headers)"
            case .cancelled: "the request was cancelled"
            case .other(let code): "the request failed (curl error \(code))"
            }
        let reason = "webhook request: \(phrase)"
        return error.isTransient || error.isCancellation
            ? .retry(after: nil, reason: reason) : .failed(reason: reason)
    }
}
