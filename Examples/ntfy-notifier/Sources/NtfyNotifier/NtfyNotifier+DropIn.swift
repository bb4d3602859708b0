import SSOHealingCore
import SSOHealingHTTP

extension NtfyNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "ntfy"

    /// The server used when a drop-in names none.
    public static let defaultServer = "https://ntfy.sh"

    /// The keys an `ntfy` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "topic", .string, secret: true, required: true,
                summary: "the topic to publish to; on a public server its name is the password"),
            ConfigKey("server", .string, summary: "the server's base URL (default https://ntfy.sh)"),
            ConfigKey("token", .string, secret: true, summary: "an access token (tk_…) for a protected topic"),
            ConfigKey("tags", .strings, summary: "extra tags (or emoji short codes) shown with each notification"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `ntfy` channels from drop-ins; the drop-in's `timeout` bounds each request.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let topic = section.string("topic") else {
            throw section.error("missing required key \"topic\" in \(section.path)")
        }
        let settings = Settings(
            server: section.string("server") ?? defaultServer, topic: topic, token: section.string("token"),
            tags: section.strings("tags") ?? [], timeout: context.configuration.routing.timeout)
        return NtfyNotifier(settings)
    }

    /// Whether `topic` is a name ntfy accepts: 1 to 64 letters, digits, `-` and `_`.
    public static func isValidTopic(_ topic: String) -> Bool {
        (1...64).contains(topic.utf8.count)
            && topic.utf8.allSatisfy { byte in
                (0x61...0x7A).contains(byte) || (0x41...0x5A).contains(byte) || (0x30...0x39).contains(byte)
                    || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "_")
            }
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        // Never quote the topic: it is a secret even when malformed.
        if let topic = section.string("topic"), !isValidTopic(topic) {
            problems.append(
                section.error("\"topic\" must be 1 to 64 letters, digits, \"-\" or \"_\"", key: "topic"))
        }
        if let server = section.string("server"), !(server.hasPrefix("https://") || server.hasPrefix("http://")) {
            problems.append(
                section.error(
                    "\"server\" must be an http:// or https:// URL such as https://ntfy.sh, not \"\(server)\"",
                    key: "server"))
        }
        return problems
    }
}

extension NtfyNotifier {
    /// Everything a channel needs.
    public struct Settings: Sendable {
        /// The server's base URL, e.g. `https://ntfy.sh`.
        public var server: String
        /// The topic (a secret on public servers).
        public var topic: String
        /// An access token sent as `Authorization: Bearer`, if any.
        public var token: String?
        /// Extra tags added to every notification.
        public var tags: [String]
        /// How long one request may take.
        public var timeout: Duration

        /// Creates settings.
        public init(
            server: String = NtfyNotifier.defaultServer, topic: String, token: String? = nil, tags: [String] = [],
            timeout: Duration = .seconds(10)
        ) {
            self.server = server
            self.topic = topic
            self.token = token
            self.tags = tags
            self.timeout = timeout
        }

        /// The values that must never appear in a reason.
        var secrets: [String] { [topic] + (token.map { [$0] } ?? []) }

        /// The publish URL: the server's root.
        var publishURL: String { server.hasSuffix("/") ? server : server + "/" }
    }
}
