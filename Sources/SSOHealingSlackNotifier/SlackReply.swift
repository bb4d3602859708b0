import SSOHealingCore
import SSOHealingHTTP

/// What an incoming webhook's answer means for the delivery.
///
/// Slack answers `200 ok`, or an error status with a short code as the body: 400
/// `invalid_payload`/`no_text`, 403 `action_prohibited`/`invalid_token`, 404
/// `channel_not_found`/`no_service`, 410 `channel_is_archived`, 429 with `Retry-After`, 500
/// `rollup_error`.
enum SlackReply {
    /// The longest piece of a body a reason quotes, in characters.

    /// The delivery result for `response`; `secrets` are removed from every quoted text.
    static func result(for response: HTTPResponse, hiding secrets: [String]) -> DeliveryResult {
        if response.status == 200 { return .delivered }
        let body = excerpt(response.bodyText, hiding: secrets)
        let said = body.map { ": \($0)" } ?? ""
        switch response.status {
        case 429:
            return .retry(after: retryAfter(response), reason: "Slack is rate limiting the webhook (HTTP 429)\(said)")
        case 408, 500...599:
            return .retry(after: retryAfter(response), reason: "Slack answered HTTP \(response.status)\(said)")
        default:
            var reason = "Slack refused the message (HTTP \(response.status))\(said)"
            if let hint = hint(code: body ?? "", status: response.status) { reason += " — " + hint }
            return .failed(reason: reason)
        }
    }

    /// The result for a request that got no answer: a transport failure is worth a retry unless
    /// the request itself cannot be sent (a malformed `webhook_url`) or the answer was absurdly large.
    static func result(for error: HTTPClientError, hiding secrets: [String]) -> DeliveryResult {
        let reason = excerpt(error.description, hiding: secrets) ?? "HTTP request failed"
        switch error.kind {
        case .invalidRequest, .responseTooLarge: return .failed(reason: reason)
        default: return .retry(after: nil, reason: reason)
        }
    }

    /// `Retry-After`, in seconds (the form Slack sends) or as an HTTP date.
    private static func retryAfter(_ response: HTTPResponse) -> Duration? {
        RetryAfter.of(response)
    }

    private static func hint(code: String, status: Int) -> String? {
        switch code {
        case "invalid_token", "no_service", "no_team", "no_active_hooks":
            return "the webhook was revoked or mistyped: check webhook_url"
        case "channel_not_found": return "the webhook's channel no longer exists"
        case "channel_is_archived": return "the webhook's channel is archived"
        case "action_prohibited", "posting_to_general_channel_denied":
            return "the workspace does not let this webhook post there"
        default: return status == 404 ? "check webhook_url" : nil
        }
    }

    /// `text` on one line, without `secrets`, cut to ``ErrorExcerpt/maxLength``; `nil` when empty.
    static func excerpt(_ text: String, hiding secrets: [String]) -> String? {
        ErrorExcerpt.excerpt(of: text, hiding: secrets, repeating: "")
    }
}
