/// Something that sends an ``HTTPRequest`` and returns the ``HTTPResponse``: ``HTTPClient`` over
/// libcurl, or a stand-in in a test or a future transport.
///
/// A response with any status (404, 500, ...) is a response; the transport throws only when no
/// complete response arrives, with an ``HTTPClientError`` whose description holds no secret.
/// What either means for an alert is ``HTTPDeliveryOutcome``'s to say, the same for every channel.
///
/// ```swift
/// struct CannedTransport: HTTPTransport {
///     func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
///         HTTPResponse(status: 200)
///     }
/// }
/// ```
public protocol HTTPTransport: Sendable {
    /// Sends `request` and returns the response, whatever its status; throws when no complete
    /// response arrives.
    func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse
}
