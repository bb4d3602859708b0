extension TeamsNotifier {
    /// Everything a `teams` channel needs, as read from its drop-in.
    ///
    /// The textual descriptions never show the workflow URL.
    public struct Settings: Sendable, CustomStringConvertible, CustomReflectable {
        /// The workflow's webhook URL; a secret (its query holds the signature that lets anyone post).
        public var url: String
        /// The limit for one request.
        public var timeout: Duration

        /// Creates settings.
        public init(url: String, timeout: Duration = .seconds(10)) {
            self.url = url
            self.timeout = timeout
        }

        /// The settings without the URL's path and query.
        public var description: String { "teams workflow at \(origin)" }

        /// A mirror that shows the description only, so `dump` cannot reveal the URL.
        public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }

        /// `scheme://host[:port]` of the URL.
        var origin: String {
            guard let schemeEnd = url.firstRange(of: "://") else { return "<invalid URL>" }
            let rest = url[schemeEnd.upperBound...]
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = authority.split(separator: "@").last.map(String.init) ?? ""
            return String(url[..<schemeEnd.upperBound]) + host
        }

        /// Whether `url` is an http(s) URL with a host and a path, without spaces.
        static func isPlausibleURL(_ url: String) -> Bool {
            let lower = url.lowercased()
            guard lower.hasPrefix("https://") || lower.hasPrefix("http://"),
                !url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 })
            else { return false }
            let rest = url.drop { $0 != ":" }.dropFirst(3)
            let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = authority.split(separator: "@").last.map(String.init) ?? ""
            return !host.isEmpty && !host.hasPrefix(":") && rest.dropFirst(authority.count).count > 1
        }
    }
}
