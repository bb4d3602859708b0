import Logging
import SSOHealingCore
import SSOHealingHTTP

extension TeamsNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "teams"

    /// The keys a `teams` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "url", .string, secret: true, required: true,
                summary:
                    "the workflow's webhook URL (\"Post to a channel when a webhook request is received\"); prefer ${VAR} or url_file"
            )
        ],
        validate: { section in problems(in: section) })

    /// Builds `teams` channels from drop-ins; the drop-in's `timeout` bounds each request.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let url = section.string("url") else {
            throw section.error("missing required key \"url\" in \(section.path)")
        }
        return TeamsNotifier(Settings(url: url, timeout: context.configuration.routing.timeout), logger: context.logger)
    }

    /// The webhook's body for `event`, as a channel posts it: a message with one Adaptive Card.
    public static func message(for event: AlertEvent) -> JSONValue {
        TeamsCard.message(for: event)
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        guard let url = section.string("url"), !Settings.isPlausibleURL(url) else { return [] }
        // Never quote the value: it is a secret even when malformed.
        return [
            section.error(
                "\"url\" must be an http:// or https:// URL with a path, as the workflow's trigger shows it",
                key: "url")
        ]
    }
}
