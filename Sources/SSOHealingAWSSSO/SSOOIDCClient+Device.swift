import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// SSO OIDC's device authorization: `RegisterClient`, `StartDeviceAuthorization` and
/// `CreateToken` with the device-code grant, as the AWS CLI v2's `SSOTokenFetcher` calls them
/// (`POST /client/register`, `POST /device_authorization`, `POST /token`; JSON bodies, unsigned).
extension SSOOIDCClient {
    /// The device-code grant type.
    static let deviceCodeGrantType = "urn:ietf:params:oauth:grant-type:device_code"

    /// A client registration. Its descriptions show no secret.
    struct Registration: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
        /// The client id.
        var clientID: String
        /// The client secret.
        var clientSecret: String
        /// When the registration ends (`clientSecretExpiresAt`).
        var expiresAt: Date

        var description: String { "Registration(expiresAt: \(Timestamp.string(expiresAt)))" }
        var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
    }

    /// A started device authorization. Its descriptions show no device code.
    struct DeviceAuthorizationGrant: Sendable, Equatable, CustomStringConvertible, CustomReflectable {
        /// The secret the client polls with.
        var deviceCode: String
        /// The code the person compares on the approval page.
        var userCode: String
        /// The approval page.
        var verificationURI: String
        /// The approval page with the user code filled in.
        var verificationURIComplete: String
        /// How long the authorization lasts, in seconds.
        var expiresIn: Int
        /// How often to poll, in seconds (5 when the service names none, as RFC 8628 says).
        var interval: Int

        var description: String {
            "DeviceAuthorizationGrant(userCode: \(userCode), expiresIn: \(expiresIn), interval: \(interval))"
        }
        var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
    }

    /// How an operation other than a token exchange ended.
    enum CallOutcome<Value: Sendable>: Sendable {
        /// The service answered with the value.
        case success(Value)
        /// The service answered with an error status.
        case rejected(AWSErrorResponse)
        /// No answer came.
        case unreachable(HTTPClientError)
        /// A 2xx answer that cannot be used.
        case malformed(String)
    }

    /// `RegisterClient`: a public client named `clientName` with `scopes` (left out when empty)
    /// and `grantTypes`.
    func registerClient(clientName: String, scopes: [String], grantTypes: [String]) async -> CallOutcome<Registration> {
        var fields: [(String, JSONValue)] = [("clientName", .string(clientName)), ("clientType", .string("public"))]
        if !scopes.isEmpty { fields.append(("scopes", .array(scopes.map(JSONValue.string)))) }
        if !grantTypes.isEmpty { fields.append(("grantTypes", .array(grantTypes.map(JSONValue.string)))) }
        return await call("/client/register", body: .object(fields)) { json in
            guard let id = json["clientId"]?.stringValue, !id.isEmpty, let secret = json["clientSecret"]?.stringValue,
                !secret.isEmpty
            else { return nil }
            guard let expires = json["clientSecretExpiresAt"]?.intValue else { return nil }
            return Registration(
                clientID: id, clientSecret: secret, expiresAt: Date(timeIntervalSince1970: Double(expires)))
        }
    }

    /// `StartDeviceAuthorization` for `startURL` with `registration`.
    func startDeviceAuthorization(
        registration: Registration, startURL: String
    ) async -> CallOutcome<DeviceAuthorizationGrant> {
        let body = JSONValue.object([
            ("clientId", .string(registration.clientID)), ("clientSecret", .string(registration.clientSecret)),
            ("startUrl", .string(startURL)),
        ])
        return await call("/device_authorization", body: body) { json in
            guard let deviceCode = json["deviceCode"]?.stringValue, !deviceCode.isEmpty,
                let userCode = json["userCode"]?.stringValue, !userCode.isEmpty,
                let uri = json["verificationUri"]?.stringValue,
                let complete = json["verificationUriComplete"]?.stringValue, !complete.isEmpty,
                let expiresIn = json["expiresIn"]?.intValue, expiresIn > 0, expiresIn < 86_400
            else { return nil }
            let interval = json["interval"]?.intValue.map { max(1, min(Int($0), 300)) } ?? 5
            return DeviceAuthorizationGrant(
                deviceCode: deviceCode, userCode: userCode, verificationURI: uri, verificationURIComplete: complete,
                expiresIn: Int(expiresIn), interval: interval)
        }
    }

    /// `CreateToken` with the device-code grant: one poll.
    func createToken(registration: Registration, deviceCode: String) async -> Outcome {
        let body = JSONValue.object([
            ("clientId", .string(registration.clientID)), ("clientSecret", .string(registration.clientSecret)),
            ("grantType", .string(Self.deviceCodeGrantType)), ("deviceCode", .string(deviceCode)),
        ])
        return await exchange(body)
    }
}
