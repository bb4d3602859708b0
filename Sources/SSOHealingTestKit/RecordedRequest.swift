import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A request as `LoopbackHTTPServer` received it.
public struct RecordedRequest: Sendable, CustomStringConvertible {
    /// The method, such as `POST`, as sent.
    public var method: String
    /// The request target as sent: the path with its query, such as `/bot123/sendMessage?x=1`.
    public var path: String
    /// The protocol version, such as `HTTP/1.1`.
    public var version: String
    /// The header fields in order; lookups ignore case.
    public var headers: HTTPHeaders
    /// The body, de-chunked when it was sent chunked.
    public var body: [UInt8]

    /// Creates a recorded request.
    public init(
        method: String, path: String, version: String = "HTTP/1.1", headers: HTTPHeaders = [:], body: [UInt8] = []
    ) {
        self.method = method
        self.path = path
        self.version = version
        self.headers = headers
        self.body = body
    }

    /// The first value of the header called `name`, compared case-insensitively.
    public func header(_ name: String) -> String? { headers[name] }

    /// The body decoded as UTF-8, invalid sequences replaced.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    /// The path without its query.
    public var pathWithoutQuery: String { String(path.prefix { $0 != "?" }) }

    /// The query (after `?`), if any.
    public var query: String? {
        guard let mark = path.firstIndex(of: "?") else { return nil }
        return String(path[path.index(after: mark)...])
    }

    /// The query's parameters in order, percent-decoded (`+` as space).
    public var queryItems: [(name: String, value: String)] {
        Self.formItems(query ?? "")
    }

    /// The body's `application/x-www-form-urlencoded` parameters in order, percent-decoded.
    public var formItems: [(name: String, value: String)] {
        Self.formItems(bodyText)
    }

    /// Decodes the body as JSON.
    public func decodeJSON<Value: Decodable>(_ type: Value.Type = Value.self) throws -> Value {
        try JSONDecoder().decode(type, from: Data(body))
    }

    /// The method, target and body size, for test failure messages.
    public var description: String { "\(method) \(path) (\(body.count)-byte body)" }

    private static func formItems(_ text: String) -> [(name: String, value: String)] {
        text.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func decode(_ part: Substring) -> String {
                let spaced = String(part.replacing("+", with: " "))
                return PercentDecoding.decode(spaced) ?? spaced
            }
            return (name: decode(parts[0]), value: parts.count > 1 ? decode(parts[1]) : "")
        }
    }
}
