import SSOHealingCore
import SSOHealingHTTP

/// What an ntfy server's answer means for the delivery.
///
/// ntfy answers 200 with the published message, or an error status with a JSON body such as
/// `{"code":42901,"http":429,"error":"limit reached: too many requests"}`.
enum NtfyReply {
    /// The longest piece of an answer a reason quotes, in characters.
    static let maxErrorLength = 200

    /// The delivery result for `response`; `secrets` are removed from every quoted text.
    static func result(for response: HTTPResponse, hiding secrets: [String]) -> DeliveryResult {
        if response.status == 200 { return .delivered }
        let said = errorText(response).map { ": " + clean($0, hiding: secrets) } ?? ""
        switch response.status {
        case 429:
            return .retry(after: RetryAfter.of(response), reason: "ntfy is rate limiting (HTTP 429)\(said)")
        case 408, 500...599:
            return .retry(after: RetryAfter.of(response), reason: "ntfy answered HTTP \(response.status)\(said)")
        case 401, 403:
            return .failed(
                reason: "ntfy refused the message (HTTP \(response.status))\(said) — check token and the topic's access"
            )
        default:
            return .failed(reason: "ntfy refused the message (HTTP \(response.status))\(said)")
        }
    }

    /// The result for a request that got no answer: worth a retry unless it cannot be sent.
    static func result(for error: HTTPClientError, hiding secrets: [String]) -> DeliveryResult {
        let reason = clean(error.description, hiding: secrets)
        switch error.kind {
        case .invalidRequest, .responseTooLarge: return .failed(reason: reason)
        default: return .retry(after: nil, reason: reason)
        }
    }

    /// The `error` field of ntfy's JSON answer, or the body's first line.
    private static func errorText(_ response: HTTPResponse) -> String? {
        if let json = JSONValue.parse(response.bodyText), let error = json["error"]?.stringValue { return error }
        let line = response.bodyText.split(whereSeparator: \.isNewline).first.map(String.init) ?? ""
        return line.isEmpty ? nil : line
    }

    private static func clean(_ text: String, hiding secrets: [String]) -> String {
        var text = text
        for secret in secrets where !secret.isEmpty { text = text.replacing(secret, with: "<redacted>") }
        return text.count <= maxErrorLength ? text : String(text.prefix(maxErrorLength - 1)) + "…"
    }
}
