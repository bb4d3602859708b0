import SSOHealingCore
import SSOHealingHTTP

/// What an incoming webhook's answer means for the delivery.
///
/// Slack answers `200 ok`, or an error status with a short code as the body: 400
/// `invalid_payload`/`no_text`, 403 `action_prohibited`/`invalid_token`, 404
/// `channel_not_found`/`no_service`, 410 `channel_is_archived`, 429 with `Retry-After`, 500
/// `rollup_error`.
enum SlackReply {
    /// The delivery result for `response` (``HTTPDeliveryOutcome``'s, in Slack's words);
    /// `secrets` are removed from every quoted text.
    static func result(for response: HTTPResponse, hiding secrets: [String]) -> DeliveryResult {
        let outcome = HTTPDeliveryOutcome(response)
        guard outcome != .delivered else { return .delivered }
        let body = excerpt(response.bodyText, hiding: secrets)
        let said = body.map { ": \($0)" } ?? ""
        switch outcome {
        case .retry where response.status == 429:
            return outcome.result(reason: "Slack is rate limiting the webhook (HTTP 429)\(said)")
        case .retry:
            return outcome.result(reason: "Slack answered HTTP \(response.status)\(said)")
        case .delivered, .failed:
            var reason = "Slack refused the message (HTTP \(response.status))\(said)"
            if let hint = hint(code: body ?? "", status: response.status) { reason += " — " + hint }
            return outcome.result(reason: reason)
        }
    }

    /// The result for a request that got no answer: ``HTTPDeliveryOutcome``'s.
    static func result(for error: HTTPClientError) -> DeliveryResult {
        HTTPDeliveryOutcome.result(for: error, service: "Slack")
    }

    private static func hint(code: String, status: Int) -> String? {
        switch code {
        case "invalid_token", "no_service", "no_team", "no_active_hooks":
            return "the webhook was revoked or mistyped: check webhook_url"
        case "channel_not_found": return "the webhook's channel no longer exists"
        case "channel_is_archived": return "the webhook's channel is archived"
        case "action_prohibited", "posting_to_general_channel_denied":
            return "the workspace does not let this webhook post there"
        default:
            if status == 404 { return "check webhook_url" }
            return HTTPDeliveryOutcome.note(forStatus: status)
        }
    }

    /// `text` on one line, without `secrets`, cut to ``ErrorExcerpt/maxLength``; `nil` when empty.
    static func excerpt(_ text: String, hiding secrets: [String]) -> String? {
        ErrorExcerpt.excerpt(of: text, hiding: secrets, repeating: "")
    }
}
