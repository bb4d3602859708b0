import SSOHealingCore
import SSOHealingHTTP

/// SSO OIDC's `CreateToken` with the `refresh_token` grant, as botocore's `SSOTokenProvider`
/// calls it: `POST /token` with a JSON body, unsigned.
struct SSOOIDCClient: Sendable {
    /// Where the requests go.
    var endpoint: ResolvedEndpoint
    /// The limit for one request.
    var timeout: Duration
    /// The transport.
    var http: any HTTPTransport = HTTPClient()

    /// A new access token. Its descriptions show no token.
    struct IssuedToken: Sendable, CustomStringConvertible, CustomReflectable {
        /// The new access token.
        var accessToken: String
        /// Its lifetime in seconds.
        var expiresIn: Int
        /// The rotated refresh token, when the service returned one.
        var refreshToken: String?

        var description: String { "IssuedToken(expiresIn: \(expiresIn), rotated: \(refreshToken != nil))" }
        var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
    }

    /// How a refresh ended.
    enum Outcome: Sendable {
        /// The service issued a token.
        case issued(IssuedToken)
        /// The service answered with an error status.
        case rejected(AWSErrorResponse)
        /// No answer came: a timeout, a refused or dropped connection, …
        case unreachable(HTTPClientError)
        /// A 2xx answer without a usable token.
        case malformed(String)
    }

    /// Exchanges `refreshToken` for a new access token.
    func refresh(clientID: String, clientSecret: String, refreshToken: String) async -> Outcome {
        let body = JSONValue.object([
            ("clientId", .string(clientID)), ("clientSecret", .string(clientSecret)),
            ("grantType", .string("refresh_token")), ("refreshToken", .string(refreshToken)),
        ])
        return await exchange(body)
    }

    /// Sends one `CreateToken` request with `body` and reads the issued token.
    func exchange(_ body: JSONValue) async -> Outcome {
        let outcome = await call("/token", body: body) { json -> IssuedToken? in
            guard let accessToken = json["accessToken"]?.stringValue, !accessToken.isEmpty,
                let expiresIn = json["expiresIn"]?.intValue, expiresIn > 0, expiresIn < 10 * 365 * 86_400
            else { return nil }
            let rotated = json["refreshToken"]?.stringValue.flatMap { $0.isEmpty ? nil : $0 }
            return IssuedToken(accessToken: accessToken, expiresIn: Int(expiresIn), refreshToken: rotated)
        }
        switch outcome {
        case .success(let token): return .issued(token)
        case .rejected(let error): return .rejected(error)
        case .unreachable(let error): return .unreachable(error)
        case .malformed: return .malformed("the answer has no usable accessToken and expiresIn")
        }
    }

    /// Posts `body` as JSON to `path` and decodes a 2xx answer with `decode` (`nil`: unusable).
    func call<Value: Sendable>(
        _ path: String, body: JSONValue, decode: (JSONValue) -> Value?
    ) async -> CallOutcome<Value> {
        let request = HTTPRequest(
            method: "POST", url: endpoint.url(path), headers: ["Content-Type": "application/json"],
            body: Array(body.serialized().utf8), timeout: timeout, connectTimeout: min(timeout, .seconds(10)))
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            return .unreachable(error)
        }
        guard response.isSuccess else { return .rejected(AWSErrorResponse(response)) }
        guard let json = JSONValue.parse(response.bodyText) else { return .malformed("the answer is not JSON") }
        guard let value = decode(json) else { return .malformed("the answer lacks required fields") }
        return .success(value)
    }
}
