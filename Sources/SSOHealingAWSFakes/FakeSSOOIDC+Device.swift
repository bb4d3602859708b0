import SSOHealingCore
import SSOHealingTestKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The device authorization flow, as the real SSO OIDC answers it.
extension FakeSSOOIDC {
    /// The scope that makes `CreateToken` issue refresh tokens.
    static let refreshScope = "sso:account:access"

    /// `RegisterClient`: `clientName` and `clientType` (`public`) are required.
    func registerClient(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard let body = JSONValue.parse(request.bodyText), let name = body["clientName"]?.stringValue,
            let type = body["clientType"]?.stringValue
        else { return invalidRequest("clientName and clientType are required") }
        guard type == "public" else { return invalidRequest("clientType must be public") }
        let scopes = body["scopes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let grants = body["grantTypes"]?.arrayValue?.compactMap(\.stringValue) ?? []
        let now = core.configuration.now()
        let client = FakeClientRegistration(
            id: FakeIdentifier.token("fakeClient", count: 22), secret: FakeIdentifier.token("fakeSecret", count: 60),
            expiresAt: now.addingTimeInterval(core.configuration.registrationLifetime.secondsValue))
        core.ledger.withLock { ledger in
            ledger.clients[client.id] = client
            ledger.clientScopes[client.id] = scopes
            ledger.registrationRequests.append(
                FakeRegistrationRequest(clientName: name, clientType: type, scopes: scopes, grantTypes: grants))
        }
        let answer = JSONValue.object([
            ("clientId", .string(client.id)), ("clientSecret", .string(client.secret)),
            ("clientIdIssuedAt", .int(Int64(now.timeIntervalSince1970))),
            ("clientSecretExpiresAt", .int(Int64(client.expiresAt.timeIntervalSince1970))),
        ])
        return .json(answer.serialized(), headers: ["x-amzn-RequestId": FakeIdentifier.requestID()])
    }

    /// `StartDeviceAuthorization`: checks the client, starts an authorization.
    func startDeviceAuthorization(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard let body = JSONValue.parse(request.bodyText), let clientID = body["clientId"]?.stringValue,
            let secret = body["clientSecret"]?.stringValue, let startURL = body["startUrl"]?.stringValue
        else { return invalidRequest("clientId, clientSecret and startUrl are required") }
        let configuration = core.configuration
        let now = configuration.now()
        let started = core.ledger.withLock { ledger -> (FakeDeviceAuthorization, String)? in
            guard let client = ledger.clients[clientID], client.secret == secret, client.expiresAt > now else {
                return nil
            }
            let userCode = Self.userCode()
            let record = DeviceAuthorizationRecord(
                public_: FakeDeviceAuthorization(
                    userCode: userCode,
                    verificationURIComplete: configuration.verificationURI + "?user_code=\(userCode)",
                    clientID: clientID, startURL: startURL,
                    expiresAt: now.addingTimeInterval(configuration.deviceAuthorizationLifetime.secondsValue),
                    interval: configuration.deviceAuthorizationInterval, status: .pending, polls: 0),
                deviceCode: FakeIdentifier.token("fakeDevice", count: 60))
            ledger.deviceAuthorizations.append(record)
            return (record.public_, record.deviceCode)
        }
        guard let (started, deviceCode) = started else {
            return FakeErrorReply.oidc(
                status: 401, exception: "InvalidClientException", error: "invalid_client",
                description: "Client authentication failed")
        }
        let answer = JSONValue.object([
            ("deviceCode", .string(deviceCode)), ("userCode", .string(started.userCode)),
            ("verificationUri", .string(configuration.verificationURI)),
            ("verificationUriComplete", .string(started.verificationURIComplete)),
            ("expiresIn", .int(Int64(configuration.deviceAuthorizationLifetime.secondsValue))),
            ("interval", .int(Int64(started.interval))),
        ])
        return .json(answer.serialized(), headers: ["x-amzn-RequestId": FakeIdentifier.requestID()])
    }

    private enum DeviceOutcome {
        case issued(accessToken: String, expiresIn: Int, refreshToken: String?)
        case error(status: Int, exception: String, code: String, description: String)
    }

    /// The device-code grant: pending, slow_down (forced, or polled faster than the interval),
    /// expired, denied, or the token once approved (with a refresh token when the client
    /// registered the `sso:account:access` scope). A device code is redeemed once.
    func deviceCodeGrant(_ body: JSONValue) -> LoopbackHTTPServer.Reply {
        let configuration = core.configuration
        let now = configuration.now()
        let outcome = core.ledger.withLock { ledger -> DeviceOutcome in
            guard let clientID = body["clientId"]?.stringValue, let secret = body["clientSecret"]?.stringValue,
                let deviceCode = body["deviceCode"]?.stringValue
            else {
                return .error(
                    status: 400, exception: "InvalidRequestException", code: "invalid_request",
                    description: "clientId, clientSecret and deviceCode are required")
            }
            guard let client = ledger.clients[clientID], client.secret == secret, client.expiresAt > now else {
                return .error(
                    status: 401, exception: "InvalidClientException", code: "invalid_client",
                    description: "Client authentication failed")
            }
            guard let index = ledger.deviceAuthorizations.firstIndex(where: { $0.deviceCode == deviceCode }),
                ledger.deviceAuthorizations[index].public_.clientID == clientID
            else {
                return .error(
                    status: 400, exception: "InvalidGrantException", code: "invalid_grant",
                    description: "Invalid device code provided")
            }
            var record = ledger.deviceAuthorizations[index]
            defer { ledger.deviceAuthorizations[index] = record }
            record.public_.polls += 1
            let previousPoll = record.lastPollAt
            record.lastPollAt = now
            if record.public_.status == .redeemed {
                return .error(
                    status: 400, exception: "InvalidGrantException", code: "invalid_grant",
                    description: "Device code has already been used")
            }
            if now >= record.public_.expiresAt {
                return .error(
                    status: 400, exception: "ExpiredTokenException", code: "expired_token",
                    description: "Device code has expired")
            }
            if record.public_.status == .denied {
                return .error(
                    status: 400, exception: "AccessDeniedException", code: "access_denied",
                    description: "Authorization denied")
            }
            let tooFast =
                previousPoll.map { now.timeIntervalSince($0) < Double(record.public_.interval) - 0.25 } ?? false
            if record.forcedSlowDowns > 0 || tooFast {
                if record.forcedSlowDowns > 0 { record.forcedSlowDowns -= 1 }
                return .error(
                    status: 400, exception: "SlowDownException", code: "slow_down",
                    description: "Client is polling too fast")
            }
            guard record.public_.status == .approved else {
                return .error(
                    status: 400, exception: "AuthorizationPendingException", code: "authorization_pending",
                    description: "Authorization is still pending")
            }
            record.public_.status = .redeemed
            let lifetime = Int(configuration.accessTokenLifetime.secondsValue)
            let refreshable = ledger.clientScopes[clientID]?.contains(Self.refreshScope) ?? false
            let session = ledger.openSession(
                client: client, accessToken: FakeIdentifier.token("aoa"),
                accessTokenExpiresAt: now.addingTimeInterval(Double(lifetime)),
                refreshToken: FakeIdentifier.token("aor", count: 60), endsAt: nil)
            if !refreshable { ledger.refreshTokens[session.refreshToken]?.valid = false }
            return .issued(
                accessToken: session.accessToken, expiresIn: lifetime,
                refreshToken: refreshable ? session.refreshToken : nil)
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
        case .error(let status, let exception, let code, let description):
            return FakeErrorReply.oidc(status: status, exception: exception, error: code, description: description)
        }
    }

    private func invalidRequest(_ description: String) -> LoopbackHTTPServer.Reply {
        FakeErrorReply.oidc(
            status: 400, exception: "InvalidRequestException", error: "invalid_request", description: description)
    }

    /// A user code as AWS shows them: `ABCD-EFGH`.
    static func userCode() -> String {
        let letters = Array("BCDFGHJKLMNPQRSTVWXZ")
        let half = { String((0..<4).map { _ in letters.randomElement()! }) }
        return half() + "-" + half()
    }
}
