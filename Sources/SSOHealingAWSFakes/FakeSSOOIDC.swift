import SSOHealingCore
import SSOHealingTestKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// SSO OIDC: `RegisterClient` (`POST /client/register`), `StartDeviceAuthorization`
/// (`POST /device_authorization`) and `CreateToken` (`POST /token`) with the `refresh_token` and
/// device-code (`urn:ietf:params:oauth:grant-type:device_code`) grants, sharing the ledger's
/// clients and sessions (the device flow is in `FakeSSOOIDC+Device.swift`).
struct FakeSSOOIDC: Sendable {
    let core: FakeAWSCore

    /// Answers one request.
    func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        route(request)
    }

    /// Dispatches on method and path.
    func route(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        switch (request.method, request.pathWithoutQuery) {
        case ("POST", "/token"):
            return createToken(request)
        case ("POST", "/client/register"):
            return registerClient(request)
        case ("POST", "/device_authorization"):
            return startDeviceAuthorization(request)
        default:
            return FakeErrorReply.oidc(
                status: 404, exception: "UnknownOperationException", error: "invalid_request",
                description: "Unknown operation \(request.method) \(request.pathWithoutQuery)")
        }
    }

    /// `CreateToken`: dispatches on `grantType`.
    func createToken(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard let body = JSONValue.parse(request.bodyText), case .object = body else {
            return FakeErrorReply.oidc(
                status: 400, exception: "InvalidRequestException", error: "invalid_request",
                description: "The body is not JSON")
        }
        switch body["grantType"]?.stringValue {
        case "refresh_token":
            return refreshTokenGrant(body)
        case "urn:ietf:params:oauth:grant-type:device_code":
            return deviceCodeGrant(body)
        case nil:
            return FakeErrorReply.oidc(
                status: 400, exception: "InvalidRequestException", error: "invalid_request",
                description: "grantType is required")
        default:
            return FakeErrorReply.oidc(
                status: 400, exception: "UnsupportedGrantTypeException", error: "unsupported_grant_type",
                description: "Unsupported grant type")
        }
    }

    private enum GrantOutcome {
        case issued(accessToken: String, expiresIn: Int, refreshToken: String?)
        case invalidClient(String)
        case invalidGrant(String)
        case invalidRequest(String)
    }

    /// The `refresh_token` grant: checks the client and the refresh token, issues a new access
    /// token and, as configured, a rotated refresh token.
    private func refreshTokenGrant(_ body: JSONValue) -> LoopbackHTTPServer.Reply {
        let configuration = core.configuration
        let now = configuration.now()
        let outcome = core.ledger.withLock { ledger -> GrantOutcome in
            guard let clientID = body["clientId"]?.stringValue, let secret = body["clientSecret"]?.stringValue,
                let refreshToken = body["refreshToken"]?.stringValue
            else { return .invalidRequest("clientId, clientSecret and refreshToken are required") }
            guard let client = ledger.clients[clientID], client.secret == secret else {
                return .invalidClient("Client authentication failed")
            }
            guard client.expiresAt > now else { return .invalidClient("Client registration has expired") }
            guard let record = ledger.refreshTokens[refreshToken], record.valid, record.clientID == clientID else {
                return .invalidGrant("Invalid refresh token provided")
            }
            guard ledger.isLive(record.sessionID, at: now) else { return .invalidGrant("The session has ended") }
            let lifetime = Int(configuration.accessTokenLifetime.secondsValue)
            let accessToken = FakeIdentifier.token("aoa")
            ledger.accessTokens[accessToken] = .init(
                sessionID: record.sessionID, expiresAt: now.addingTimeInterval(Double(lifetime)))
            var rotated: String?
            switch configuration.refreshTokenRotation {
            case .rotateAndRevoke:
                ledger.refreshTokens[refreshToken]?.valid = false
                rotated = FakeIdentifier.token("aor", count: 60)
            case .rotateAndKeep:
                rotated = FakeIdentifier.token("aor", count: 60)
            case .none:
                rotated = nil
            }
            if let rotated {
                ledger.refreshTokens[rotated] = .init(sessionID: record.sessionID, clientID: clientID, valid: true)
            }
            return .issued(accessToken: accessToken, expiresIn: lifetime, refreshToken: rotated)
        }
        switch outcome {
        case .issued(let accessToken, let expiresIn, let refreshToken):
            var fields: [(String, JSONValue)] = [
                ("accessToken", .string(accessToken)), ("tokenType", .string("Bearer")),
                ("expiresIn", .int(Int64(expiresIn))),
            ]
            if let refreshToken { fields.append(("refreshToken", .string(refreshToken))) }
            return .json(
                JSONValue.object(fields).serialized(), headers: ["x-amzn-RequestId": FakeIdentifier.requestID()])
        case .invalidClient(let description):
            return FakeErrorReply.oidc(
                status: 401, exception: "InvalidClientException", error: "invalid_client", description: description)
        case .invalidGrant(let description):
            return FakeErrorReply.oidc(
                status: 400, exception: "InvalidGrantException", error: "invalid_grant", description: description)
        case .invalidRequest(let description):
            return FakeErrorReply.oidc(
                status: 400, exception: "InvalidRequestException", error: "invalid_request", description: description)
        }
    }
}
