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
        /// TLS failed: ``tlsFailure`` says whether in the handshake, the server's certificate or
        /// this machine's TLS setup.
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

    /// Which part of TLS failed, for a ``Kind/tls`` error.
    public enum TLSFailure: Sendable, Hashable {
        /// The handshake did not complete: the server closed or reset the connection during it,
        /// or answered something that is not TLS. Often passing (a proxy or a server restarting).
        case handshake
        /// The server's certificate did not verify: self-signed, expired, issued by an authority
        /// this machine does not trust, for another host name, or failing a pinned key or a
        /// revocation check. Trying again gets the same certificate.
        case certificate
        /// This machine's TLS setup is unusable: the CA bundle, a client certificate the server
        /// asks for, a cipher list or an engine.
        case setup
    }

    /// What went wrong.
    public let kind: Kind
    /// Which part of TLS failed when ``kind`` is ``Kind/tls``; `nil` otherwise.
    public let tlsFailure: TLSFailure?
    /// The server's `scheme://host:port`, or a placeholder when the URL could not be parsed.
    public let origin: String
    /// Extra text that holds no secrets, such as libcurl's explanation.
    public let detail: String?

    /// Creates an error; `detail` must not hold secrets.
    public init(_ kind: Kind, origin: String, detail: String? = nil) {
        self.kind = kind
        self.origin = origin
        self.detail = detail
        self.tlsFailure = kind == .tls ? .handshake : nil
    }

    /// Creates a ``Kind/tls`` error for `failure`; `detail` must not hold secrets.
    public init(tls failure: TLSFailure, origin: String, detail: String? = nil) {
        self.kind = .tls
        self.origin = origin
        self.detail = detail
        self.tlsFailure = failure
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

    /// A TLS failure talking to `origin`, by default in the handshake.
    public static func tls(_ failure: TLSFailure = .handshake, origin: String, detail: String? = nil) -> Self {
        Self(tls: failure, origin: origin, detail: detail)
    }

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

    /// Whether trying again later may succeed: timeouts, refused or dropped connections, name
    /// resolution failures and TLS handshakes that did not complete (not a certificate that does
    /// not verify, nor a TLS setup that cannot work).
    public var isTransient: Bool {
        switch kind {
        case .timeout, .couldNotConnect, .connectionDropped, .nameResolution: true
        case .tls: tlsFailure == .handshake
        case .responseTooLarge, .invalidRequest, .cancelled, .other: false
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
            case .tls:
                switch tlsFailure {
                case .certificate: "failed in TLS: the server's certificate did not verify"
                case .setup: "failed in TLS: this machine's TLS setup is unusable"
                case .handshake, nil: "failed in the TLS handshake"
                }
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
