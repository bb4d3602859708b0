extension PagerDutyNotifier {
    /// Everything a `pagerduty` channel needs, as read from its drop-in.
    ///
    /// The textual descriptions never show the routing key.
    public struct Settings: Sendable, CustomStringConvertible, CustomReflectable {
        /// The Integration Key of an Events API v2 integration; a secret.
        public var routingKey: String
        /// The Events API's base URL, without `/v2/enqueue`.
        public var apiURL: String
        /// The limit for one request.
        public var timeout: Duration

        /// Creates settings; `apiURL` loses its trailing slashes.
        public init(
            routingKey: String, apiURL: String = PagerDutyNotifier.defaultAPIURL, timeout: Duration = .seconds(10)
        ) {
            self.routingKey = routingKey
            self.apiURL = Self.normalizedAPIURL(apiURL) ?? apiURL
            self.timeout = timeout
        }

        /// The settings without the routing key.
        public var description: String { "pagerduty events via \(apiURL)" }

        /// A mirror that shows the description only, so `dump` cannot reveal the routing key.
        public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }

        /// `POST` here: the base URL and `/v2/enqueue`.
        var endpoint: String { apiURL + PagerDutyNotifier.enqueuePath }

        /// Texts a reason or log line must never contain.
        var secrets: [String] { routingKey.isEmpty ? [] : [routingKey] }

        /// `url` without trailing slashes when it is an http(s) URL with a host and no query or
        /// fragment; `nil` otherwise.
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

        /// Whether `key` has the shape of an Events API v2 routing key: 32 letters and digits.
        static func isPlausibleRoutingKey(_ key: String) -> Bool {
            key.utf8.count == 32
                && key.utf8.allSatisfy {
                    (0x30...0x39).contains($0) || (0x41...0x5A).contains($0) || (0x61...0x7A).contains($0)
                }
        }
    }
}
