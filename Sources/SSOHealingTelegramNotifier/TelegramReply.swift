import SSOHealingCore
import SSOHealingHTTP

/// What a Bot API answer to `sendMessage` means for the delivery.
///
/// The Bot API answers `{"ok":true,"result":{…}}` on success and
/// `{"ok":false,"error_code":N,"description":"…","parameters":{…}}` otherwise; a proxy or load
/// balancer in front of it may answer with anything (an HTML 502 page, say).
enum TelegramReply {
    /// The longest piece of a server's description a reason quotes, in characters.

    /// The delivery result for `response`; `secrets` are removed from every quoted text.
    static func result(for response: HTTPResponse, hiding secrets: [String]) -> DeliveryResult {
        let json = JSONValue.parse(response.bodyText)
        if response.isSuccess, json?["ok"]?.boolValue == true { return .delivered }

        let code = json?["error_code"]?.intValue.map(Int.init) ?? response.status
        let description = json?["description"]?.stringValue.flatMap { excerpt($0, hiding: secrets) }
        let parameters = json?["parameters"]
        let said = description.map { ": \($0)" } ?? ""

        if response.status == 429 || code == 429 {
            return .retry(after: retryAfter(parameters, response), reason: "Telegram is rate limiting the bot\(said)")
        }
        if response.status >= 500 {
            return .retry(
                after: retryAfter(parameters, response), reason: "Telegram answered HTTP \(response.status)\(said)")
        }
        if response.isSuccess {
            // 2xx without `"ok": true`: not the Bot API's answer; the message may not have gone out.
            return .retry(after: nil, reason: "Telegram answered HTTP \(response.status) without \"ok\": true")
        }
        var reason = "Telegram refused the message (HTTP \(response.status))\(said)"
        if let hint = hint(status: response.status, description: description ?? "", parameters: parameters) {
            reason += " — " + hint
        }
        return .failed(reason: reason)
    }

    /// The result for a request that got no answer: a transport failure is worth a retry unless
    /// the request itself cannot be sent (a malformed `api_url`) or the answer was absurdly large.
    static func result(for error: HTTPClientError, hiding secrets: [String]) -> DeliveryResult {
        let reason = excerpt(error.description, hiding: secrets) ?? "HTTP request failed"
        switch error.kind {
        case .invalidRequest, .responseTooLarge: return .failed(reason: reason)
        default: return .retry(after: nil, reason: reason)
        }
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
        default: return nil
        }
    }

    /// `text` on one line, without `secrets`, cut to ``ErrorExcerpt/maxLength``; `nil` when empty.
    static func excerpt(_ text: String, hiding secrets: [String]) -> String? {
        ErrorExcerpt.excerpt(of: text, hiding: secrets, repeating: "")
    }
}
