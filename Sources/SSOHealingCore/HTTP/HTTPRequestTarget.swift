import CCurl

/// What may be said about a request's URL: its origin. Also knows the request's secret parts so
/// they can be scrubbed from text that libcurl produced.
struct HTTPRequestTarget: Sendable {
    /// `scheme://host:port`, or a placeholder when the URL does not parse.
    let origin: String
    /// Whether the URL parsed as an absolute `http` or `https` URL.
    let isValid: Bool
    /// Strings that must never appear in messages, longest first.
    let secrets: [String]

    /// The placeholder used instead of an unparsable URL (which is never echoed).
    static let unparsableOrigin = "<unparsable URL>"

    /// Parses `url` (with libcurl's parser, as the transfer will) and collects the secrets of
    /// `request`.
    init(_ request: HTTPRequest) {
        let parts = Self.parse(request.url)
        origin = parts?.origin ?? Self.unparsableOrigin
        isValid = parts.map { ["http", "https"].contains($0.scheme) } ?? false
        var secrets: Set<String> = [request.url]
        for part in parts?.secretParts ?? [] {
            secrets.insert(part)
            for piece in part.split(whereSeparator: { "/?&=;:@".contains($0) }) { secrets.insert(String(piece)) }
        }
        for field in request.headers {
            secrets.insert(field.value)
            for piece in field.value.split(separator: " ") { secrets.insert(String(piece)) }
        }
        self.secrets = secrets.filter { $0.count >= 4 }.sorted { $0.count > $1.count }
    }

    /// `scheme://host:port` of `url`, or a placeholder.
    static func origin(of url: String) -> String {
        parse(url)?.origin ?? unparsableOrigin
    }

    /// `text` with every secret replaced by `<redacted>`.
    func redact(_ text: String) -> String {
        secrets.reduce(text) { $0.replacing($1, with: "<redacted>") }
    }

    private struct Parts {
        var scheme: String
        var origin: String
        var secretParts: [String]
    }

    private static func parse(_ url: String) -> Parts? {
        _ = CurlGlobal.initialized
        guard let handle = sso_curl_url() else { return nil }
        defer { sso_curl_url_cleanup(handle) }
        guard sso_curl_url_set(handle, CURLUPART_URL, url, 0) == CURLUE_OK else { return nil }
        func get(_ part: CURLUPart, _ flags: UInt32 = 0) -> String? {
            var value: UnsafeMutablePointer<CChar>?
            guard sso_curl_url_get(handle, part, &value, flags) == CURLUE_OK, let value else { return nil }
            defer { sso_curl_free(value) }
            return String(cString: value)
        }
        guard let scheme = get(CURLUPART_SCHEME)?.lowercased(), let host = get(CURLUPART_HOST) else { return nil }
        let port = get(CURLUPART_PORT, UInt32(CURLU_DEFAULT_PORT)).map { ":\($0)" } ?? ""
        var secretParts: [String] = []
        for part in [
            CURLUPART_USER, CURLUPART_PASSWORD, CURLUPART_OPTIONS, CURLUPART_PATH, CURLUPART_QUERY,
            CURLUPART_FRAGMENT,
        ] {
            if let raw = get(part) { secretParts.append(raw) }
            if let decoded = get(part, UInt32(CURLU_URLDECODE)) { secretParts.append(decoded) }
        }
        return Parts(
            scheme: scheme, origin: "\(scheme)://\(host)\(port)", secretParts: secretParts.filter { $0 != "/" })
    }
}
