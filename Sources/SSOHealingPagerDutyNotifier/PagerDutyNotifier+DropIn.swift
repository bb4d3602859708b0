import Logging
import SSOHealingCore
import SSOHealingHTTP

extension PagerDutyNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "pagerduty"

    /// The Events API's base URL (`https://events.eu.pagerduty.com` for an EU account).
    public static let defaultAPIURL = "https://events.pagerduty.com"

    /// The path of the Events API v2 endpoint, appended to `api_url`.
    public static let enqueuePath = "/v2/enqueue"

    /// The keys a `pagerduty` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "routing_key", .string, secret: true, required: true,
                summary:
                    "the Integration Key of the service's Events API v2 integration (32 characters); prefer ${VAR} or routing_key_file"
            ),
            ConfigKey(
                "api_url", .string, default: .string(defaultAPIURL),
                summary: "the Events API's base URL (https://events.eu.pagerduty.com for an EU account)"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `pagerduty` channels from drop-ins; the drop-in's `timeout` bounds each request.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let key = section.string("routing_key") else {
            throw section.error("missing required key \"routing_key\" in \(section.path)")
        }
        let settings = Settings(
            routingKey: key, apiURL: section.string("api_url") ?? defaultAPIURL,
            timeout: context.configuration.routing.timeout)
        return PagerDutyNotifier(settings, logger: context.logger)
    }

    /// The Events API v2 body for `event`, as a channel with `routingKey` sends it.
    public static func body(for event: AlertEvent, routingKey: String) -> JSONValue {
        PagerDutyEvent.body(for: event, routingKey: routingKey)
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let key = section.string("routing_key"), !Settings.isPlausibleRoutingKey(key) {
            // Never quote the value: it is a secret even when malformed.
            problems.append(
                section.error(
                    "\"routing_key\" must be the 32-letter-and-digit Integration Key of an Events API v2 integration (this one has \(key.count) characters)",
                    key: "routing_key"))
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
