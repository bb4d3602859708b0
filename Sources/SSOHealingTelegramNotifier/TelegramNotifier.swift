import Logging
import SSOHealingCore
import SSOHealingHTTP

/// The `telegram` notifier type: one Bot API `sendMessage` per event, to a chat, a channel or a
/// forum topic.
///
/// Delivered when the Bot API answers `"ok": true`; retried on 408, 429 (after the `retry_after`
/// it gives), 5xx and network failures; failed on any other refusal, with Telegram's `description`
/// in the reason. The bot token is part of every request URL, so neither it nor the URL ever
/// appears in a log line or a reason.
///
/// ```toml
/// type = "telegram"
/// bot_token = "${TELEGRAM_BOT_TOKEN}"   # or bot_token_file = "/run/credentials/telegram"
/// chat_id = -1001234567890              # or "@channelusername"
/// message_thread_id = 42                # optional: a topic in a forum supergroup
/// ```
///
/// Sends one Bot API `sendMessage` request per event.
public struct TelegramNotifier: Notifier {
    let settings: TelegramNotifier.Settings
    let logger: Logger
    let client: any HTTPTransport

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let request = makeRequest(for: event)
        let secrets = settings.secrets
        let result: DeliveryResult
        do {
            let response = try await client.send(request)
            result = TelegramReply.result(for: response, hiding: secrets)
        } catch {
            result = TelegramReply.result(for: error)
        }
        switch result {
        case .delivered:
            logger.debug("telegram message sent", metadata: metadata(for: event))
        case .retry(_, let reason):
            logger.debug("telegram message not sent, will retry: \(reason)", metadata: metadata(for: event))
        case .failed(let reason):
            logger.warning("telegram refused the message: \(reason)", metadata: metadata(for: event))
        }
        return result
    }

    /// The request for `event`: `POST {api_url}/bot{token}/sendMessage` with a JSON body.
    func makeRequest(for event: AlertEvent) -> HTTPRequest {
        HTTPRequest(
            method: "POST", url: settings.apiURL + "/bot" + settings.botToken + "/sendMessage",
            headers: ["Content-Type": "application/json", "Accept": "application/json"],
            body: Array(body(for: event).serialized().utf8), timeout: settings.timeout,
            connectTimeout: min(settings.timeout, .seconds(5)))
    }

    /// The `sendMessage` parameters for `event`.
    func body(for event: AlertEvent) -> JSONValue {
        let markup = TelegramMessage.markup(for: event)
        var fields: [(String, JSONValue)] = [("chat_id", settings.chatIDValue)]
        if let thread = settings.messageThreadID { fields.append(("message_thread_id", .int(thread))) }
        switch settings.parseMode {
        case .html:
            fields.append(("text", .string(markup.html)))
            fields.append(("parse_mode", .string("HTML")))
        case .none:
            fields.append(("text", .string(markup.plain)))
        }
        fields.append(("disable_notification", .bool(TelegramMessage.isSilent(event))))
        fields.append(("link_preview_options", .object([("is_disabled", .bool(true))])))
        if let keyboard = TelegramMessage.replyMarkup(for: event) { fields.append(("reply_markup", keyboard)) }
        return .object(fields)
    }

    private func metadata(for event: AlertEvent) -> Logger.Metadata {
        ["chat_id": "\(settings.chatID)", "event_id": "\(event.id)", "probe": "\(event.probe)"]
    }
}

extension TelegramNotifier {
    /// A notifier that sends each event to the chat in `settings`, logging to `logger`.
    public init(
        _ settings: Settings, logger: Logger, client: any HTTPTransport = HTTPClient()
    ) {
        self.init(settings: settings, logger: logger, client: client)
    }
}
