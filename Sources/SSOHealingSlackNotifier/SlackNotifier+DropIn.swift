import Logging
import SSOHealingCore
import SSOHealingHTTP

extension SlackNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "slack"

    /// The keys a `slack` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "webhook_url", .string, secret: true, required: true,
                summary:
                    "the incoming webhook's URL (https://hooks.slack.com/services/…); prefer ${VAR} or webhook_url_file"
            ),
            ConfigKey("username", .string, summary: "the sender name shown (legacy webhooks only)"),
            ConfigKey("icon_emoji", .string, summary: "the sender icon, such as \":key:\" (legacy webhooks only)"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `slack` channels from drop-ins; the drop-in's `timeout` bounds each request.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let url = section.string("webhook_url") else {
            throw section.error("missing required key \"webhook_url\" in \(section.path)")
        }
        let settings = Settings(
            webhookURL: url, username: section.string("username"), iconEmoji: section.string("icon_emoji"),
            timeout: context.configuration.routing.timeout)
        return SlackNotifier(settings, logger: context.logger)
    }

    /// The webhook payload for `event`, as a channel posts it (without `username` and `icon_emoji`).
    public static func payload(for event: AlertEvent) -> JSONValue {
        SlackMessage.payload(for: event)
    }

    /// Whether `emoji` is written as Slack names emoji: `:name:`.
    public static func isValidEmoji(_ emoji: String) -> Bool {
        let name = emoji.utf8.dropFirst().dropLast()
        return emoji.utf8.count > 2 && emoji.hasPrefix(":") && emoji.hasSuffix(":")
            && name.allSatisfy {
                (0x61...0x7A).contains($0) || (0x30...0x39).contains($0) || "_+-'".utf8.contains($0)
            }
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let url = section.string("webhook_url"), !Settings.isPlausibleWebhookURL(url) {
            // Never quote the value: it is a secret even when malformed.
            problems.append(
                section.error(
                    "\"webhook_url\" must be an http:// or https:// URL with a path, such as https://hooks.slack.com/services/T…/B…/…",
                    key: "webhook_url"))
        }
        if let emoji = section.string("icon_emoji"), !isValidEmoji(emoji) {
            problems.append(
                section.error(
                    "\"icon_emoji\" must be an emoji name between colons, such as \":key:\", not \"\(emoji)\"",
                    key: "icon_emoji"))
        }
        return problems
    }
}
