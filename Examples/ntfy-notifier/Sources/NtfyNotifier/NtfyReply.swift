import SSOHealingCore
import SSOHealingHTTP

/// What an ntfy server's answer means for the delivery.
///
/// ntfy answers 200 with the published message, or an error status with a JSON body such as
/// `{"code":42901,"http":429,"error":"limit reached: too many requests"}`.
enum NtfyReply {
    /// The longest piece of an answer a reason quotes, in characters.
    static let maxErrorLength = 200

    /// The delivery result for `response`: the outcome every built-in HTTP channel gives an
    /// answer (``HTTPDeliveryOutcome``), in ntfy's words; `secrets` are removed from every quoted text.
    static func result(for response: HTTPResponse, hiding secrets: [String]) -> DeliveryResult {
        let outcome = HTTPDeliveryOutcome(response)
        guard outcome != .delivered else { return .delivered }
        let said = errorText(response).map { ": " + clean($0, hiding: secrets) } ?? ""
        switch outcome {
        case .retry where response.status == 429:
            return outcome.result(reason: "ntfy is rate limiting (HTTP 429)\(said)")
        case .retry:
            return outcome.result(reason: "ntfy answered HTTP \(response.status)\(said)")
        case .delivered, .failed:
            var reason = "ntfy refused the message (HTTP \(response.status))\(said)"
            if [401, 403].contains(response.status) { reason += " — check token and the topic's access" }
            return outcome.result(reason: reason)
        }
    }

    /// The result for a request that got no answer: ``HTTPDeliveryOutcome``'s, as for the
    /// built-in channels.
    static func result(for error: HTTPClientError) -> DeliveryResult {
        HTTPDeliveryOutcome.result(for: error, service: "ntfy")
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
