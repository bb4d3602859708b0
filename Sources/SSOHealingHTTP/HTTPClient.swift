/// Sends HTTP requests with libcurl, one connection per request.
///
/// Each transfer runs on a thread of its own, so waiting for a slow server never blocks Swift's
/// cooperative thread pool; cancelling the calling task aborts the transfer at once. Redirects
/// are not followed, only `http` and `https` are allowed and TLS certificates are verified.
public struct HTTPClient: HTTPTransport {
    /// Creates a client.
    public init() {}

    /// Sends `request` and returns the response, whatever its status; throws when no complete
    /// response arrives.
    public func send(_ request: HTTPRequest) async throws(HTTPClientError) -> HTTPResponse {
        let target = HTTPRequestTarget(request)
        guard !Task.isCancelled else { throw .cancelled(origin: target.origin) }
        let transfer = try CurlTransfer(request, target: target)
        let result = await withTaskCancellationHandler {
            await withCheckedContinuation {
                (continuation: CheckedContinuation<Result<HTTPResponse, HTTPClientError>, Never>) in
                transfer.start { continuation.resume(returning: $0) }
            }
        } onCancel: {
            transfer.cancel()
        }
        return try result.get()
    }
}
