import Logging
import SSOHealingCore
import SSOHealingHTTP

extension TelegramNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "telegram"

    /// The default Bot API server.
    public static let defaultAPIURL = "https://api.telegram.org"

    /// How the message text is formatted.
    public enum ParseMode: String, Sendable, CaseIterable {
        /// Bot API HTML: bold labels, the remedy as code; event text escaped.
        case html = "HTML"
        /// Plain text, no `parse_mode` sent.
        case none = "none"
    }

    /// The keys a `telegram` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "bot_token", .string, secret: true, required: true,
                summary: "the bot's token from @BotFather (123456:ABC…); prefer ${VAR} or bot_token_file"),
            ConfigKey(
                "chat_id", .stringOrInteger, required: true,
                summary: "the chat: an integer id (e.g. -1001234567890) or a public \"@channelusername\""),
            ConfigKey(
                "message_thread_id", .integer(1...Int64.max),
                summary: "a topic of a forum supergroup to post in (default: the chat's main thread)"),
            ConfigKey(
                "parse_mode", .choice(ParseMode.allCases.map(\.rawValue)), default: .string(ParseMode.html.rawValue),
                summary: "\"HTML\" for formatted messages, \"none\" for plain text"),
            ConfigKey(
                "api_url", .string, default: .string(defaultAPIURL),
                summary: "the Bot API server (a local telegram-bot-api server, a proxy)"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `telegram` channels from drop-ins; the drop-in's `timeout` bounds each request.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let token = section.string("bot_token"), let chat = section.string("chat_id") else {
            throw section.error("missing required key \"bot_token\" or \"chat_id\" in \(section.path)")
        }
        let settings = Settings(
            botToken: token, chatID: chat,
            messageThreadID: section.integer("message_thread_id"),
            parseMode: section.string("parse_mode").flatMap(ParseMode.init(rawValue:)) ?? .html,
            apiURL: section.string("api_url") ?? defaultAPIURL,
            timeout: context.configuration.routing.timeout)
        return TelegramNotifier(settings, logger: context.logger)
    }

    /// The message text for `event` (Bot API HTML or plain text), as a channel sends it: at most
    /// 4096 characters after entity parsing.
    public static func text(for event: AlertEvent, parseMode: ParseMode = .html) -> String {
        let markup = TelegramMessage.markup(for: event)
        return parseMode == .html ? markup.html : markup.plain
    }

    /// Whether `chat` is a chat id the Bot API accepts: an integer, or `@` and a public username.
    public static func isValidChatID(_ chat: String) -> Bool {
        if Int64(chat) != nil { return true }
        let name = chat.utf8.dropFirst()
        guard chat.hasPrefix("@"), (5...32).contains(name.count), let first = name.first,
            first.isASCIILetter
        else { return false }
        return name.allSatisfy { $0.isASCIILetter || (0x30...0x39).contains($0) || $0 == UInt8(ascii: "_") }
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let chat = section.string("chat_id"), !isValidChatID(chat) {
            problems.append(
                section.error(
                    "\"chat_id\" must be an integer chat id (e.g. -1001234567890) or \"@channelusername\", not \"\(chat)\"",
                    key: "chat_id"))
        }
        if let token = section.string("bot_token"), !Settings.isPlausibleToken(token) {
            // Never quote the value: it is a secret even when malformed.
            problems.append(
                section.error(
                    "\"bot_token\" does not look like a bot token from @BotFather (digits, \":\", then letters, digits, \"_\" or \"-\")",
                    key: "bot_token"))
        }
        if let url = section.string("api_url"), Settings.normalizedAPIURL(url) == nil {
            problems.append(
                section.error(
                    "\"api_url\" must be an http:// or https:// URL without a query, such as \"\(defaultAPIURL)\", not \"\(url)\"",
                    key: "api_url"))
        }
        return problems
    }
}

extension UInt8 {
    fileprivate var isASCIILetter: Bool { (0x41...0x5A).contains(self) || (0x61...0x7A).contains(self) }
}
