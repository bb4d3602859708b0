import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What an HTTP exchange means for an alert: the one mapping from a transport failure or an
/// HTTP status to a `DeliveryResult`, which every HTTP notifier uses, so the same fault
/// gets the same outcome on every channel.
///
/// | what happened | outcome |
/// |---|---|
/// | 2xx | delivered |
/// | 408, 429, 5xx | retry, after the answer's `Retry-After` if it has one |
/// | 3xx (redirects are not followed), 400, 401, 403, 404 and every other status | failed |
/// | a timeout; a refused, dropped or reset connection; a host name that does not resolve; a TLS handshake that did not complete; a cancelled request | retry |
/// | a server certificate that does not verify; an unusable TLS setup; a request that cannot be sent; an answer too large | failed |
///
/// A channel keeps its own success rule on top (Telegram's `"ok": true`, Alertmanager's
/// replicas) and its own wording for an answer; a transport failure's reason comes from
/// ``reason(for:)``, which names neither the URL nor its host (either may be a secret).
///
/// ```swift
/// do {
///     let response = try await transport.send(request)
///     return HTTPDeliveryOutcome(response).result(reason: "the server answered HTTP \(response.status)")
/// } catch {
///     return HTTPDeliveryOutcome.result(for: error, service: "webhook")
/// }
/// ```
public enum HTTPDeliveryOutcome: Sendable, Hashable {
    /// The server took the message.
    case delivered
    /// A passing fault: try again, after `after` if the server said when.
    case retry(after: Duration?)
    /// A fault that trying again cannot fix.
    case failed

    /// The outcome of an answer with `status`; `retryAfter` is the wait the answer asks for.
    public init(status: Int, retryAfter: Duration? = nil) {
        switch status {
        case 200..<300: self = .delivered
        case 408, 429, 500..<600: self = .retry(after: retryAfter)
        default: self = .failed
        }
    }

    /// The outcome of `response`, honouring its `Retry-After` header (measured from `now`).
    public init(_ response: HTTPResponse, now: Date = Date()) {
        self.init(status: response.status, retryAfter: RetryAfter.of(response, now: now))
    }

    /// The outcome of a request that got no answer: retry when the fault may pass (see
    /// ``HTTPClientError/isTransient``) or the request was cancelled, failed otherwise.
    public init(_ error: HTTPClientError) {
        self = error.isTransient || error.isCancellation ? .retry(after: nil) : .failed
    }

    /// The delivery result: this outcome, with `reason` unless delivered.
    public func result(reason: @autoclosure () -> String) -> DeliveryResult {
        switch self {
        case .delivered: .delivered
        case .retry(let after): .retry(after: after, reason: reason())
        case .failed: .failed(reason: reason())
        }
    }

    /// The delivery result of a request to `service` (such as `Telegram`) that got no answer,
    /// with ``reason(for:)`` after "`service` request: ", or alone when `service` is `nil`.
    public static func result(for error: HTTPClientError, service: String?) -> DeliveryResult {
        let reason = reason(for: error)
        return Self(error).result(reason: service.map { "\($0) request: \(reason)" } ?? reason)
    }

    /// What went wrong with a request that got no answer, in words that name neither the URL nor
    /// its host; a failure that retrying cannot fix says so.
    public static func reason(for error: HTTPClientError) -> String {
        switch error.kind {
        case .timeout: "timed out"
        case .couldNotConnect: "could not connect to the server"
        case .connectionDropped: "the connection broke before a complete answer"
        case .nameResolution: "could not resolve the server's host name"
        case .tls:
            switch error.tlsFailure {
            case .certificate:
                "the server's TLS certificate did not verify (self-signed, expired, from an untrusted authority "
                    + "or for another host name); retrying will not help: fix the certificate or the URL"
            case .setup:
                "this machine's TLS setup cannot make the connection (its CA certificates, or a client "
                    + "certificate the server asks for); retrying will not help"
            case .handshake, nil: "the TLS handshake did not complete"
            }
        case .responseTooLarge: "the answer was too large"
        case .invalidRequest: "the request could not be sent as configured (check the URL and headers)"
        case .cancelled: "the request was cancelled"
        case .other(let code): "the request failed (curl error \(code))"
        }
    }

    /// A note on why an answer with `status` failed, for the channels to append: redirects are
    /// not followed. `nil` for other statuses.
    public static func note(forStatus status: Int) -> String? {
        (300..<400).contains(status) ? "redirects are not followed: configure the final URL" : nil
    }
}
