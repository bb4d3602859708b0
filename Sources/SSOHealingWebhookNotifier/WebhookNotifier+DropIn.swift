import SSOHealingCore
import SSOHealingHTTP

extension WebhookNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "webhook"

    /// The methods a webhook may use: all of them carry a body.
    public static let methods = ["POST", "PUT", "PATCH"]

    /// The default body: the whole event as JSON.
    public static let defaultBody = "{{json}}"

    static let eventJSON = try! EventTemplate(defaultBody)

    /// The default content type.
    public static let defaultContentType = "application/json"

    /// The keys a `webhook` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(
        keys: [
            ConfigKey(
                "url", .string, secret: true, required: true,
                summary: "the endpoint, http:// or https://; its path and query often hold keys"),
            ConfigKey(
                "method", .choice(methods), default: .string("POST"), summary: "the HTTP method: POST, PUT or PATCH"),
            ConfigKey(
                "headers", .stringTable, secret: true,
                summary: "header fields to send, e.g. { Authorization = \"Bearer ${TOKEN}\" } (values are secrets)"),
            ConfigKey(
                "body", .string, secret: true,
                summary: "the body template, e.g. '{\"text\": \"{{summary}}\"}' (default: the event's JSON)"),
            ConfigKey(
                "content_type", .string, default: .string(defaultContentType),
                summary: "the body's Content-Type; a JSON type makes placeholders JSON-escaped"),
        ],
        validate: { section in problems(in: section) })

    /// Builds `webhook` channels from drop-ins; the drop-in's `timeout` bounds each request.
    public static let factory = NotifierFactory(schema: schema) { context in
        let section = context.section
        if let problem = problems(in: section).first { throw problem }
        guard let url = section.string("url") else {
            throw section.error("missing required key \"url\" in \(section.path)")
        }
        let headers = HTTPHeaders((section.stringTable("headers") ?? []).map { (name: $0.key, value: $0.value) })
        let body = try bodyTemplate(in: section).get()
        return WebhookNotifier(
            url: url, method: section.string("method") ?? "POST", headers: headers, body: body,
            contentType: section.string("content_type") ?? defaultContentType,
            timeout: context.configuration.routing.timeout)
    }

    private static func problems(in section: ConfigSection) -> [ConfigDiagnostic] {
        var problems: [ConfigDiagnostic] = []
        if let url = section.string("url") {
            let lowered = url.lowercased()
            let scheme = lowered.hasPrefix("https://") ? "https://" : (lowered.hasPrefix("http://") ? "http://" : nil)
            if let scheme {
                let rest = url.dropFirst(scheme.count)
                let authority = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
                let host = authority.split(separator: "@").last.map(String.init) ?? ""
                if host.isEmpty || host.hasPrefix(":") {
                    problems.append(section.error("\"url\" has no host name", key: "url"))
                }
            } else {
                // The URL is a secret: say what is wrong without quoting it.
                problems.append(section.error("\"url\" must start with http:// or https://", key: "url"))
            }
            if url.unicodeScalars.contains(where: { $0.properties.isWhitespace || $0.value < 0x20 }) {
                problems.append(section.error("\"url\" must not contain spaces or line breaks", key: "url"))
            }
        }
        for pair in section.stringTable("headers") ?? [] {
            if !isToken(pair.key) {
                problems.append(section.error("\"\(pair.key)\" is not a valid header name", key: "headers"))
            } else if HTTPHeaders.name(pair.key, matches: "Content-Type") {
                problems.append(
                    section.error("set the body's type with \"content_type\", not in \"headers\"", key: "headers"))
            } else if HTTPHeaders.name(pair.key, matches: "Content-Length")
                || HTTPHeaders.name(pair.key, matches: "Transfer-Encoding")
            {
                problems.append(section.error("\"\(pair.key)\" is set by the HTTP client itself", key: "headers"))
            }
            if pair.value.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" || $0 == "\0" }) {
                // The value is a secret: name the header, not the value.
                problems.append(
                    section.error("the value of header \"\(pair.key)\" must not contain line breaks", key: "headers"))
            }
        }
        if case .failure(let problem) = bodyTemplate(in: section) { problems.append(problem) }
        if let contentType = section.string("content_type") {
            let mediaType = contentType.prefix { $0 != ";" }
            let parts = mediaType.split(separator: "/", omittingEmptySubsequences: false)
            if parts.count != 2
                || !parts.allSatisfy({ isToken(String($0).trimmingScalars(where: { scalar in scalar == " " })) })
                || contentType.unicodeScalars.contains(where: { $0 == "\r" || $0 == "\n" })
            {
                problems.append(
                    section.error(
                        "\"content_type\" must be a media type such as \"application/json\", not \"\(contentType)\"",
                        key: "content_type"))
            }
        }
        return problems
    }

    /// The drop-in's body template, or the error pointing at its `body` key.
    private static func bodyTemplate(in section: ConfigSection) -> Result<EventTemplate, ConfigDiagnostic> {
        do {
            return .success(try EventTemplate(section.string("body") ?? defaultBody))
        } catch {
            return .failure(section.error("invalid \"body\" template: \(error.message)", key: "body"))
        }
    }

    /// Whether `text` is an HTTP token (RFC 9110 §5.6.2): a header name or a media type part.
    static func isToken(_ text: String) -> Bool {
        !text.isEmpty
            && text.unicodeScalars.allSatisfy { scalar in
                scalar.isASCII
                    && (("a"..."z").contains(scalar) || ("A"..."Z").contains(scalar) || ("0"..."9").contains(scalar)
                        || "!#$%&'*+-.^_`|~".unicodeScalars.contains(scalar))
            }
    }
}
