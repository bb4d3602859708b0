import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit

/// Error answers in each service's own format.
enum FakeErrorReply {
    /// An SSO OIDC error: the exception in `x-amzn-ErrorType`, the OAuth error in the body.
    static func oidc(status: Int, exception: String, error: String, description: String) -> LoopbackHTTPServer.Reply {
        let body = JSONValue.object([("error", .string(error)), ("error_description", .string(description))])
        return .json(body.serialized(), status: status, headers: restJSONHeaders(exception))
    }

    /// An SSO portal error: the exception in `x-amzn-ErrorType`, a `message` in the body.
    static func portal(status: Int, exception: String, message: String) -> LoopbackHTTPServer.Reply {
        .json(
            JSONValue.object([("message", .string(message))]).serialized(), status: status,
            headers: restJSONHeaders(exception))
    }

    /// An STS (query protocol) error document.
    static func sts(status: Int, code: String, message: String, type: String = "Sender") -> LoopbackHTTPServer.Reply {
        let requestID = FakeIdentifier.requestID()
        let xml = """
            <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <Error>
                <Type>\(type)</Type>
                <Code>\(code)</Code>
                <Message>\(FakeXML.escape(message))</Message>
              </Error>
              <RequestId>\(requestID)</RequestId>
            </ErrorResponse>

            """
        return .response(
            status: status, headers: ["Content-Type": "text/xml", "x-amzn-RequestId": requestID], body: Array(xml.utf8))
    }

    /// The answer `fault` gives on `service` (for the faults that answer at all).
    static func reply(for fault: FakeFault, on service: FakeService) -> LoopbackHTTPServer.Reply {
        switch (service, fault) {
        case (.oidc, .rejectGrant), (.oidc, .rejectToken):
            return oidc(
                status: 400, exception: "InvalidGrantException", error: "invalid_grant",
                description: "Invalid refresh token provided")
        case (.oidc, .expiredToken):
            return oidc(
                status: 400, exception: "ExpiredTokenException", error: "expired_token",
                description: "Refresh token has expired")
        case (.oidc, .rejectClient):
            return oidc(
                status: 401, exception: "InvalidClientException", error: "invalid_client",
                description: "Client authentication failed")
        case (.oidc, .unauthorizedClient):
            return oidc(
                status: 400, exception: "UnauthorizedClientException", error: "unauthorized_client",
                description: "Client is not authorized")
        case (.oidc, .forbidden):
            return oidc(
                status: 400, exception: "AccessDeniedException", error: "access_denied", description: "Access denied")
        case (.oidc, .notFound):
            return oidc(
                status: 400, exception: "InvalidRequestException", error: "invalid_request",
                description: "Invalid request")
        case (.oidc, .throttle):
            return oidc(
                status: 429, exception: "SlowDownException", error: "slow_down", description: "Too many requests")
        case (.oidc, .serverError(let status)):
            return oidc(
                status: status, exception: "InternalServerException", error: "server_error",
                description: "Internal server error")
        case (.oidc, _):
            // Delays, dropped connections and stopped servers never get here.
            return oidc(
                status: 500, exception: "InternalServerException", error: "server_error",
                description: "Internal server error")
        case (.portal, .forbidden):
            return portal(status: 403, exception: "ForbiddenException", message: "No access")
        case (.portal, .notFound):
            return portal(status: 404, exception: "ResourceNotFoundException", message: "Could not find Role")
        case (.portal, .throttle):
            return portal(status: 429, exception: "TooManyRequestsException", message: "Too many requests")
        case (.portal, .serverError(let status)):
            return portal(status: status, exception: "InternalServerException", message: "Internal server error")
        case (.portal, _):
            return portal(
                status: 401, exception: "UnauthorizedException", message: "Session token not found or invalid")
        case (.sts, .forbidden):
            return sts(
                status: 403, code: "AccessDenied", message: "User is not authorized to perform: sts:GetCallerIdentity")
        case (.sts, .notFound):
            return sts(status: 400, code: "InvalidAction", message: "Could not find operation GetCallerIdentity")
        case (.sts, .throttle):
            return sts(status: 400, code: "Throttling", message: "Rate exceeded")
        case (.sts, .serverError(let status)):
            return sts(status: status, code: "InternalFailure", message: "An internal error occurred", type: "Receiver")
        case (.sts, _):
            return sts(
                status: 403, code: "InvalidClientTokenId",
                message: "The security token included in the request is invalid.")
        }
    }

    private static func restJSONHeaders(_ exception: String) -> HTTPHeaders {
        [
            "x-amzn-ErrorType": "\(exception):http://internal.amazon.com/coral/com.amazonaws.fake/",
            "x-amzn-RequestId": FakeIdentifier.requestID(),
        ]
    }
}

/// XML escaping for the few values STS documents carry.
enum FakeXML {
    /// `text` with `&`, `<`, `>`, `"` and `'` escaped.
    static func escape(_ text: String) -> String {
        text.replacing("&", with: "&amp;").replacing("<", with: "&lt;")
            .replacing(">", with: "&gt;").replacing("\"", with: "&quot;")
            .replacing("'", with: "&apos;")
    }
}
