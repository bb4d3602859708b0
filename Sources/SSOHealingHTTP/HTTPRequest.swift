/// An HTTP request for `HTTPClient` to send.
///
/// URLs, header values and bodies often hold secrets (bot tokens, webhook keys, bearer tokens), so
/// the textual descriptions show only the method, `scheme://host:port` and sizes.
public struct HTTPRequest: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The method, such as `GET` or `POST`, sent exactly as given.
    public var method: String
    /// The absolute `http` or `https` URL.
    public var url: String
    /// Header fields to send in addition to (or, by name, instead of) the client's defaults.
    public var headers: HTTPHeaders
    /// The body to send, if any.
    public var body: [UInt8]?
    /// The limit for the whole exchange, connection included.
    public var timeout: Duration
    /// The limit for establishing the connection (TCP and TLS).
    public var connectTimeout: Duration
    /// The largest response body accepted; a bigger one aborts the transfer with `responseTooLarge`.
    public var maxResponseBytes: Int

    /// Creates a request; the defaults suit a small API call.
    public init(
        method: String = "GET",
        url: String,
        headers: HTTPHeaders = [:],
        body: [UInt8]? = nil,
        timeout: Duration = .seconds(10),
        connectTimeout: Duration = .seconds(5),
        maxResponseBytes: Int = 1 << 20
    ) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.timeout = timeout
        self.connectTimeout = connectTimeout
        self.maxResponseBytes = maxResponseBytes
    }

    /// A summary without secrets: method, origin, header names and body size.
    public var description: String {
        var text = "\(method) \(HTTPRequestTarget.origin(of: url)) headers: \(headers)"
        if let body { text += " body: \(body.count) bytes" }
        return text
    }

    /// Same as `description`.
    public var debugDescription: String { "HTTPRequest(\(description))" }

    /// A mirror that shows the summary only, so `dump` cannot reveal secrets.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}
