import Logging
import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension AlertmanagerNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "alertmanager"

    /// The path of the API v2 endpoint, appended to each base URL.
    public static let alertsPath = "/api/v2/alerts"

    /// The default `resend_interval`: Prometheus's `--rules.alert.resend-delay`.
    public static let defaultResendInterval: Duration = .seconds(60)

    /// The keys an `alertmanager` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "url", .stringOrStrings, secret: true, required: true,
                summary: "the Alertmanager's base URL, or an array of every replica's (each gets every alert)"),
            ConfigKey(
                "resend_interval", .duration, default: .duration(defaultResendInterval),
                summary: "re-send firing alerts this often (the channel's repeat_interval, in both states)"),
            ConfigKey(
                "ends_after", .duration,
                summary:
                    "how far ahead a firing alert's endsAt lies (default: 4 × resend_interval, at least 3 × [daemon] interval)"
            ),
            ConfigKey(
                "labels", .stringTable,
                summary: "extra labels on every alert, for routing, e.g. { team = \"platform\", env = \"prod\" }"),
            ConfigKey(
                "headers", .stringTable, secret: true,
                summary: "header fields to send, e.g. { Authorization = \"Bearer ${TOKEN}\" } (values are secrets)"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `alertmanager` channels from drop-ins; the drop-in's `timeout` bounds each request.
    public static let factory = NotifierFactory(
        schema: schema,
        defaultRepeatInterval: { section in section.duration("resend_interval") ?? defaultResendInterval },
        remindsBetweenCycles: true
    ) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        let urls = urls(in: section)
        guard !urls.isEmpty else { throw section.error("missing required key \"url\" in \(section.path)") }
        let resend =
            context.configuration.routing.repeatInterval ?? section.duration("resend_interval") ?? defaultResendInterval
        let endsAfter =
            section.duration("ends_after")
            ?? defaultEndsAfter(resendInterval: resend, probeInterval: context.daemon.interval)
        let headers = HTTPHeaders((section.stringTable("headers") ?? []).map { (name: $0.key, value: $0.value) })
        var labels: [String: String] = [:]
        for pair in section.stringTable("labels") ?? [] { labels[pair.key] = pair.value }
        return AlertmanagerNotifier(
            urls: urls, labels: labels, endsAfter: endsAfter, headers: headers,
            timeout: context.configuration.routing.timeout, logger: context.logger)
    }

    /// The default `ends_after`: four re-sends, as Prometheus, and at least three probe intervals.
    ///
    /// The daemon re-sends on the channel's own deadline, between cycles; the probe intervals are
    /// for a timer-driven `check`, whose re-sends can only ride on its runs.
    public static func defaultEndsAfter(resendInterval: Duration, probeInterval: Duration) -> Duration {
        max(resendInterval * 4, probeInterval * 3)
    }

    /// The `POST` endpoint for a base URL: `/api/v2/alerts` appended to its path (before any
    /// query), unless the path ends with it already.
    public static func endpoint(for url: String) -> String {
        let pathEnd = url.firstIndex { $0 == "?" || $0 == "#" } ?? url.endIndex
        var path = String(url[..<pathEnd])
        let query = url[pathEnd...].prefix { $0 != "#" }
        while path.hasSuffix("/") { path.removeLast() }
        if path.hasSuffix(alertsPath) { return path + query }
        return path + alertsPath + query
    }

    private static func urls(in section: ConfigSection) -> [String] {
        section.strings("url") ?? section.string("url").map { [$0] } ?? []
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        let urls = urls(in: section)
        if section.values["url"] != nil, urls.isEmpty {
            problems.append(section.error("\"url\" must name at least one Alertmanager", key: "url"))
        }
        for (index, url) in urls.enumerated() {
            // The URL is a secret: say which one is wrong without quoting it.
            let which = urls.count == 1 ? "\"url\"" : "\"url\" element \(index + 1)"
            let lowered = url.lowercased()
            guard let scheme = ["https://", "http://"].first(where: { lowered.hasPrefix($0) }) else {
                problems.append(section.error("\(which) must start with http:// or https://", key: "url"))
                continue
            }
            let authority = url.dropFirst(scheme.count).prefix { $0 != "/" && $0 != "?" && $0 != "#" }
            let host = authority.split(separator: "@").last.map(String.init) ?? ""
            if host.isEmpty || host.hasPrefix(":") {
                problems.append(section.error("\(which) has no host name", key: "url"))
            }
            if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
                problems.append(section.error("\(which) must not contain spaces or line breaks", key: "url"))
            }
        }
        if section.locations["resend_interval"] != nil, section.locations["repeat_interval"] != nil {
            problems.append(
                section.error(
                    "set \"resend_interval\" or \"repeat_interval\", not both (for alertmanager they are the same)",
                    key: "repeat_interval"))
        }
        let resend = section.duration("repeat_interval") ?? section.duration("resend_interval") ?? defaultResendInterval
        if resend < .seconds(1) {
            let key = section.locations["repeat_interval"] != nil ? "repeat_interval" : "resend_interval"
            problems.append(
                section.error(
                    "\"\(key)\" must be at least 1s: Alertmanager resolves a firing alert that is not re-sent", key: key
                ))
        } else if let endsAfter = section.duration("ends_after"), endsAfter <= resend {
            problems.append(
                section.error(
                    "\"ends_after\" must be longer than the resend interval (\(ConfigDuration.format(resend))), or alerts resolve between re-sends",
                    key: "ends_after"))
        }
        for pair in section.stringTable("labels") ?? [] {
            if !AlertmanagerAlert.isValidName(pair.key) || pair.key.hasPrefix("__") {
                problems.append(
                    section.error(
                        "\"\(pair.key)\" is not a valid label name: use letters, digits and \"_\", not starting with a digit or \"__\"",
                        key: "labels"))
            } else if AlertmanagerAlert.reservedLabels.contains(pair.key) {
                problems.append(section.error("the label \"\(pair.key)\" is set by the notifier itself", key: "labels"))
            }
        }
        for pair in section.stringTable("headers") ?? [] {
            if !isToken(pair.key) {
                problems.append(section.error("\"\(pair.key)\" is not a valid header name", key: "headers"))
            } else if ["content-type", "content-length", "transfer-encoding"].contains(pair.key.lowercased()) {
                problems.append(section.error("\"\(pair.key)\" is set by the notifier itself", key: "headers"))
            }
            if pair.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                problems.append(
                    section.error("the value of header \"\(pair.key)\" must not contain line breaks", key: "headers"))
            }
        }
        return problems
    }

    private static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                        || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
            }
    }
}
