import Logging
import SSOHealingCore
import SSOHealingHTTP

/// Sends one Bot API `sendMessage` request per event.
struct TelegramChannel: Notifier {
    let settings: TelegramNotifier.Settings
    let logger: Logger
    let client: any HTTPTransport

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
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
