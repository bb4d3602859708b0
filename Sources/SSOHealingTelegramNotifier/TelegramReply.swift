import SSOHealingCore
import SSOHealingHTTP

/// What a Bot API answer to `sendMessage` means for the delivery.
///
/// The Bot API answers `{"ok":true,"result":{…}}` on success and
/// `{"ok":false,"error_code":N,"description":"…","parameters":{…}}` otherwise; a proxy or load
/// balancer in front of it may answer with anything (an HTML 502 page, say).
enum TelegramReply {
    /// The delivery result for `response` (``HTTPDeliveryOutcome``'s, in Telegram's words, and
    /// delivered only with `"ok": true`); `secrets` are removed from every quoted text.
    static func result(for response: HTTPResponse, hiding secrets: [String]) -> DeliveryResult {
        let json = JSONValue.parse(response.bodyText)
        let code = json?["error_code"]?.intValue.map(Int.init) ?? response.status
        let parameters = json?["parameters"]
        // An answer whose body says 429 is the Bot API throttling, whatever its status.
        let status = code == 429 ? 429 : response.status
        let outcome = HTTPDeliveryOutcome(status: status, retryAfter: retryAfter(parameters, response))
        let description = json?["description"]?.stringValue.flatMap { excerpt($0, hiding: secrets) }
        let said = description.map { ": \($0)" } ?? ""
        switch outcome {
        case .delivered where json?["ok"]?.boolValue == true:
            return .delivered
        case .delivered:
            // 2xx without `"ok": true`: not the Bot API's answer; the message may not have gone out.
            return .retry(after: nil, reason: "Telegram answered HTTP \(response.status) without \"ok\": true")
        case .retry where status == 429:
            return outcome.result(reason: "Telegram is rate limiting the bot\(said)")
        case .retry:
            return outcome.result(reason: "Telegram answered HTTP \(response.status)\(said)")
        case .failed:
            var reason = "Telegram refused the message (HTTP \(response.status))\(said)"
            if let hint = hint(status: response.status, description: description ?? "", parameters: parameters) {
                reason += " — " + hint
            }
            return outcome.result(reason: reason)
        }
    }

    /// The result for a request that got no answer: ``HTTPDeliveryOutcome``'s.
    static func result(for error: HTTPClientError) -> DeliveryResult {
        HTTPDeliveryOutcome.result(for: error, service: "Telegram")
    }

    private static func retryAfter(_ parameters: JSONValue?, _ response: HTTPResponse) -> Duration? {
        if let seconds = parameters?["retry_after"]?.intValue, seconds >= 0 {
            return min(.seconds(seconds), RetryAfter.longest)
        }
        return RetryAfter.of(response)
    }

    private static func hint(status: Int, description: String, parameters: JSONValue?) -> String? {
        if let chat = parameters?["migrate_to_chat_id"]?.intValue {
            return "the group is now a supergroup: set chat_id = \(chat)"
        }
        switch status {
        case 401: return "check bot_token"
        case 403: return "the bot may not post to this chat"
        case 400 where description.contains("chat not found"):
            return "check chat_id, and that the bot is a member of the chat"
        case 400 where description.contains("thread not found"):
            return "check message_thread_id"
        case 404: return "check api_url"
        default: return HTTPDeliveryOutcome.note(forStatus: status)
        }
    }

    /// `text` on one line, without `secrets`, cut to ``ErrorExcerpt/maxLength``; `nil` when empty.
    static func excerpt(_ text: String, hiding secrets: [String]) -> String? {
        ErrorExcerpt.excerpt(of: text, hiding: secrets, repeating: "")
    }
}
