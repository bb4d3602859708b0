import SSOHealingCore

extension TelegramNotifier {
    /// Everything a `telegram` channel needs, as read from its drop-in.
    ///
    /// The textual descriptions never show the token.
    public struct Settings: Sendable, CustomStringConvertible, CustomReflectable {
        /// The bot's token; a secret.
        public var botToken: String
        /// The chat: an integer id or `@channelusername`.
        public var chatID: String
        /// The forum topic to post in, if any.
        public var messageThreadID: Int64?
        /// How the text is formatted.
        public var parseMode: ParseMode
        /// The Bot API server, without a trailing slash.
        public var apiURL: String
        /// The limit for one request.
        public var timeout: Duration

        /// Creates settings; `apiURL` loses any trailing slash.
        public init(
            botToken: String, chatID: String, messageThreadID: Int64? = nil, parseMode: ParseMode = .html,
            apiURL: String = TelegramNotifier.defaultAPIURL, timeout: Duration = .seconds(10)
        ) {
            self.botToken = botToken
            self.chatID = chatID
            self.messageThreadID = messageThreadID
            self.parseMode = parseMode
            self.apiURL = Self.normalizedAPIURL(apiURL) ?? apiURL
            self.timeout = timeout
        }

        /// The settings without the token.
        public var description: String {
            "telegram chat \(chatID)" + (messageThreadID.map { " thread \($0)" } ?? "") + " via \(apiURL)"
        }

        /// A mirror that shows the description only, so `dump` cannot reveal the token.
        public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }

        /// `chat_id` as the Bot API takes it: a JSON integer for an id, a string for a username.
        var chatIDValue: JSONValue {
            Int64(chatID).map(JSONValue.int) ?? .string(chatID)
        }

        /// Texts a reason or log line must never contain: the token, also percent-encoded.
        var secrets: [String] {
            [
                botToken, botToken.replacing(":", with: "%3A"),
                botToken.replacing(":", with: "%3a"),
            ]
        }

        /// Whether `token` has the shape of a Bot API token and is safe in a URL path.
        static func isPlausibleToken(_ token: String) -> Bool {
            let parts = token.split(separator: ":", maxSplits: 1, omittingEmptySubsequences: false)
            guard parts.count == 2, !parts[0].isEmpty, !parts[1].isEmpty else { return false }
            return parts[0].utf8.allSatisfy { (0x30...0x39).contains($0) }
                && parts[1].utf8.allSatisfy {
                    (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                        || $0 == UInt8(ascii: "_") || $0 == UInt8(ascii: "-")
                }
        }

        /// `url` without trailing slashes, or `nil` when it is not a plain http(s) URL.
        static func normalizedAPIURL(_ url: String) -> String? {
            let lower = url.lowercased()
            guard lower.hasPrefix("http://") || lower.hasPrefix("https://"), !url.contains("?"), !url.contains("#"),
                !url.contains(where: \.isWhitespace)
            else { return nil }
            var trimmed = Substring(url)
            while trimmed.hasSuffix("/") { trimmed = trimmed.dropLast() }
            let host = trimmed.drop { $0 != "/" }.dropFirst(2).prefix { $0 != "/" }
            return host.isEmpty ? nil : String(trimmed)
        }
    }
}
