/// An HTTP response as received: any status, including 3xx, 4xx and 5xx.
///
/// Bodies often hold credentials (access tokens), so the textual descriptions show only the status
/// and sizes.
public struct HTTPResponse: Sendable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The status code, such as 200.
    public var status: Int
    /// The header fields of the final response, in order.
    public var headers: HTTPHeaders
    /// The body bytes.
    public var body: [UInt8]

    /// Creates a response.
    public init(status: Int, headers: HTTPHeaders = [:], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    /// The first value of the header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers[name] }

    /// The body decoded as UTF-8, invalid sequences replaced.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// Whether the status is 2xx.
    public var isSuccess: Bool { (200..<300).contains(status) }

    /// A summary without secrets: status, header names and body size.
    public var description: String { "HTTP \(status) headers: \(headers) body: \(body.count) bytes" }

    /// Same as `description`.
    public var debugDescription: String { "HTTPResponse(\(description))" }

    /// A mirror that shows the summary only, so `dump` cannot reveal the body.
    public var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}
