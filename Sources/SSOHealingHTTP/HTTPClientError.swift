#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Why `HTTPClient` got no HTTP response.
///
/// A response with any status (404, 500, ...) is not an error. The description names at most the
/// server's `scheme://host:port`; it never contains the URL's path, query or user info, header
/// values or bodies, because those carry secrets.
public struct HTTPClientError: Error, Sendable, Hashable, CustomStringConvertible, CustomDebugStringConvertible {
    /// The kinds of failure callers can switch on.
    public enum Kind: Sendable, Hashable {
        /// The exchange (or its connection phase) took longer than the request allows.
        case timeout
        /// The server refused the connection or was unreachable.
        case couldNotConnect
        /// The connection broke before a complete response: reset, closed without a reply, or
        /// truncated.
        case connectionDropped
        /// The host name did not resolve.
        case nameResolution
        /// The TLS handshake or certificate verification failed.
        case tls
        /// The response was larger than `HTTPRequest.maxResponseBytes`.
        case responseTooLarge
        /// The request could not be sent as given (bad URL, scheme, method, header or limit).
        case invalidRequest
        /// The task sending the request was cancelled.
        case cancelled
        /// Any other libcurl failure, by its `CURLcode` number.
        case other(curlCode: Int)
    }

    /// What went wrong.
    public let kind: Kind
    /// The server's `scheme://host:port`, or a placeholder when the URL could not be parsed.
    public let origin: String
    /// Extra text that holds no secrets, such as libcurl's explanation.
    public let detail: String?

    /// Creates an error; `detail` must not hold secrets.
    public init(_ kind: Kind, origin: String, detail: String? = nil) {
        self.kind = kind
        self.origin = origin
        self.detail = detail
    }

    /// A timeout talking to `origin`.
    public static func timeout(origin: String, detail: String? = nil) -> Self {
        Self(.timeout, origin: origin, detail: detail)
    }

    /// A refused or unreachable connection to `origin`.
    public static func couldNotConnect(origin: String, detail: String? = nil) -> Self {
        Self(.couldNotConnect, origin: origin, detail: detail)
    }

    /// A connection to `origin` broken before a complete response.
    public static func connectionDropped(origin: String, detail: String? = nil) -> Self {
        Self(.connectionDropped, origin: origin, detail: detail)
    }

    /// A host name that did not resolve.
    public static func nameResolution(origin: String, detail: String? = nil) -> Self {
        Self(.nameResolution, origin: origin, detail: detail)
    }

    /// A TLS failure talking to `origin`.
    public static func tls(origin: String, detail: String? = nil) -> Self { Self(.tls, origin: origin, detail: detail) }

    /// A response bigger than `limit` bytes.
    public static func responseTooLarge(origin: String, limit: Int) -> Self {
        Self(.responseTooLarge, origin: origin, detail: "limit is \(limit) bytes")
    }

    /// A request that cannot be sent; `reason` must not hold secrets.
    public static func invalidRequest(origin: String, reason: String) -> Self {
        Self(.invalidRequest, origin: origin, detail: reason)
    }

    /// A cancelled request.
    public static func cancelled(origin: String) -> Self { Self(.cancelled, origin: origin) }

    /// Whether trying again later may succeed: timeouts, refused or dropped connections and name
    /// resolution failures.
    public var isTransient: Bool {
        switch kind {
        case .timeout, .couldNotConnect, .connectionDropped, .nameResolution: true
        case .tls, .responseTooLarge, .invalidRequest, .cancelled, .other: false
        }
    }

    /// Whether the failure was a cancellation rather than a problem with the server.
    public var isCancellation: Bool { kind == .cancelled }

    /// A one-line explanation naming at most `scheme://host:port`.
    public var description: String {
        let summary =
            switch kind {
            case .timeout: "timed out"
            case .couldNotConnect: "could not connect"
            case .connectionDropped: "lost the connection before a complete response"
            case .nameResolution: "could not resolve the host name"
            case .tls: "failed in TLS"
            case .responseTooLarge: "got a response that is too large"
            case .invalidRequest: "is invalid"
            case .cancelled: "was cancelled"
            case .other(let code): "failed (curl error \(code))"
            }
        var text = "HTTP request to \(origin) \(summary)"
        if let detail, !detail.isEmpty { text += ": \(detail)" }
        return text
    }

    /// Same as `description`.
    public var debugDescription: String { "HTTPClientError(\(description))" }
}

extension HTTPClientError: LocalizedError {
    /// Same as `description`, so `localizedDescription` is as informative and as safe.
    public var errorDescription: String? { description }
}
