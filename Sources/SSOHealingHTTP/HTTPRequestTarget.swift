import CCurl
import SSOHealingCore

/// What may be said about a request's URL: its origin. Also knows the request's secret parts so
/// they can be scrubbed from text that libcurl produced.
struct HTTPRequestTarget: Sendable {
    /// `scheme://host:port`, or a placeholder when the URL does not parse.
    let origin: String
    /// Whether the URL parsed as an absolute `http` or `https` URL.
    let isValid: Bool
    /// The URL and header values whose secret parts must never appear in messages.
    private let secretSources: [String]

    /// Strings that must never appear in messages, longest first. Derived when asked (only a
    /// failure's message needs them), not for every request.
    var secrets: [String] { Redactor.forms(of: secretSources) }

    /// The placeholder used instead of an unparsable URL (which is never echoed).
    static let unparsableOrigin = "<unparsable URL>"

    /// Parses `url` (with libcurl's parser, as the transfer will) and collects the secrets of
    /// `request`.
    init(_ request: HTTPRequest) {
        let parts = Self.parse(request.url)
        origin = parts?.origin ?? Self.unparsableOrigin
        isValid = parts.map { ["http", "https"].contains($0.scheme) } ?? false
        // The one redaction policy: the URL's user info (and its Basic base64), key-like path
        // and query parts, header credentials; not ordinary path words.
        self.secretSources = [request.url] + request.headers.map(\.value)
    }

    /// `scheme://host:port` of `url`, or a placeholder.
    static func origin(of url: String) -> String {
        parse(url)?.origin ?? unparsableOrigin
    }

    /// `text` with every secret replaced by `<redacted>`, in any letter case.
    func redact(_ text: String) -> String {
        Redactor(forms: secrets).redact(text)
    }

    private struct Parts {
        var scheme: String
        var origin: String
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
        return Parts(scheme: scheme, origin: "\(scheme)://\(host)\(port)")
    }
}
