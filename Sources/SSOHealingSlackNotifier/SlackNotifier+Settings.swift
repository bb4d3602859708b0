extension SlackNotifier {
    /// Everything a `slack` channel needs, as read from its drop-in.
    ///
    /// The textual descriptions never show the webhook URL.
    public struct Settings: Sendable, CustomStringConvertible, CustomReflectable {
        /// The incoming webhook's URL; a secret.
        public var webhookURL: String
        /// The sender name, for legacy webhooks.
        public var username: String?
        /// The sender icon (`:name:`), for legacy webhooks.
        public var iconEmoji: String?
        /// The limit for one request.
        public var timeout: Duration

        /// Creates settings.
        public init(
            webhookURL: String, username: String? = nil, iconEmoji: String? = nil, timeout: Duration = .seconds(10)
        ) {
            self.webhookURL = webhookURL
            self.username = username
            self.iconEmoji = iconEmoji
            self.timeout = timeout
        }

        /// The settings without the URL's path.
        public var description: String { "slack webhook at \(origin)" }

        /// A mirror that shows the description only, so `dump` cannot reveal the URL.
        public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }

        /// `scheme://host[:port]` of the webhook URL.
        var origin: String {
            guard let schemeEnd = webhookURL.firstRange(of: "://") else { return "<invalid URL>" }
            let rest = webhookURL[schemeEnd.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = authority.split(separator: "@").last.map(String.init) ?? ""
            return String(webhookURL[..<schemeEnd.upperBound]) + host
        }

        /// The path and query (everything after the origin), the part that holds the key.
        var path: String {
            guard let schemeEnd = webhookURL.firstRange(of: "://") else { return webhookURL }
            let rest = webhookURL[schemeEnd.upperBound...]
            return String(rest.drop { $0 != "/" && $0 != "?" })
        }

        /// Texts a reason or log line must never contain: the URL, its path, and each path
        /// segment long enough to be a key.
        var secrets: [String] {
            var secrets = [webhookURL, path]
            secrets += path.split(whereSeparator: { "/?&=".contains($0) }).map(String.init).filter { $0.count >= 8 }
            return secrets.filter { !$0.isEmpty }.sorted { $0.count > $1.count }
        }

        /// Whether `url` is an http(s) URL with a host and a path.
        static func isPlausibleWebhookURL(_ url: String) -> Bool {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"), !url.contains(where: \.isWhitespace)
            else { return false }
            let rest = url.drop { $0 != ":" }.dropFirst(3)
            let host = rest.prefix { $0 != "/" }
            let path = rest.dropFirst(host.count)
            return !host.isEmpty && path.count > 1
        }
    }
}
