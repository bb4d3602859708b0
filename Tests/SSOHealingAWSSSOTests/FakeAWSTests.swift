import Foundation
import SSOHealingCore
import SSOHealingHTTP
import SSOHealingTestKit
import Testing

@testable import SSOHealingAWSFakes

/// The fakes answer as the real services do.
@Suite struct FakeAWSTests {
    let http = HTTPClient()

    func createToken(_ aws: FakeAWS, _ fields: [(String, String)]) async throws -> HTTPResponse {
        let body = JSONValue.object(fields.map { ($0.0, .string($0.1)) }).serialized()
        return try await http.send(
            HTTPRequest(
                method: "POST", url: aws.oidcURL + "/token", headers: ["Content-Type": "application/json"],
                body: Array(body.utf8)))
    }

    func refresh(_ aws: FakeAWS, _ session: FakeSSOSession, refreshToken: String? = nil) async throws -> HTTPResponse {
        try await createToken(
            aws,
            [
                ("clientId", session.client.id), ("clientSecret", session.client.secret),
                ("grantType", "refresh_token"),
                ("refreshToken", refreshToken ?? session.refreshToken),
            ])
    }

    @Test(arguments: [FakeAWS.RefreshTokenRotation.rotateAndRevoke, .rotateAndKeep, .none])
    func createTokenRotatesAsConfigured(rotation: FakeAWS.RefreshTokenRotation) async throws {
        let aws = try FakeAWS(
            configuration: FakeAWS.Configuration(accessTokenLifetime: .seconds(900), refreshTokenRotation: rotation))
        let session = aws.startSession(client: aws.registerClient())
        let response = try await refresh(aws, session)
        #expect(response.status == 200)
        let json = try #require(JSONValue.parse(response.bodyText))
        #expect(json["tokenType"]?.stringValue == "Bearer" && json["expiresIn"]?.intValue == 900)
        let accessToken = try #require(json["accessToken"]?.stringValue)
        #expect(aws.validAccessTokens.contains(accessToken))
        #expect((json["refreshToken"] != nil) == (rotation != .none))
        #expect(aws.isValidRefreshToken(session.refreshToken) == (rotation != .rotateAndRevoke))
        #expect(aws.tokenRequestCount == 1)
    }

    @Test func createTokenRefusesAsTheServiceDoes() async throws {
        let aws = try FakeAWS()
        let session = aws.startSession(client: aws.registerClient())
        var response = try await refresh(aws, session, refreshToken: "aorUNKNOWN")
        #expect(
            response.status == 400 && response.header("x-amzn-ErrorType")?.hasPrefix("InvalidGrantException:") == true)
        #expect(JSONValue.parse(response.bodyText)?["error"]?.stringValue == "invalid_grant")
        response = try await createToken(
            aws,
            [
                ("clientId", session.client.id), ("clientSecret", "wrong"), ("grantType", "refresh_token"),
                ("refreshToken", session.refreshToken),
            ])
        #expect(response.status == 401 && JSONValue.parse(response.bodyText)?["error"]?.stringValue == "invalid_client")
        response = try await createToken(
            aws, [("clientId", session.client.id), ("clientSecret", session.client.secret), ("grantType", "password")])
        #expect(JSONValue.parse(response.bodyText)?["error"]?.stringValue == "unsupported_grant_type")
        let expired = aws.startSession(client: aws.registerClient(expiresAt: Date().addingTimeInterval(-1)))
        response = try await refresh(aws, expired)
        #expect(response.status == 401)
        aws.endSession(session)
        response = try await refresh(aws, session)
        #expect(JSONValue.parse(response.bodyText)?["error"]?.stringValue == "invalid_grant")
        #expect(aws.tokenRequestCount == 5)
    }

    @Test func thePortalIssuesRoleCredentialsOnlyForValidTokensAndAssignedRoles() async throws {
        let aws = try FakeAWS(configuration: FakeAWS.Configuration(roleSecretAccessKey: "SECRETKEY"))
        let session = aws.startSession(client: aws.registerClient())
        let url = aws.portalURL + "/federation/credentials?role_name=Admin&account_id=111122223333"
        func get(_ token: String?) async throws -> HTTPResponse {
            try await http.send(HTTPRequest(url: url, headers: token.map { ["x-amz-sso_bearer_token": $0] } ?? [:]))
        }
        #expect(try await get(session.accessToken).status == 403)
        aws.assignRole(FakeRoleAssignment(accountID: "111122223333", roleName: "Admin"))
        let response = try await get(session.accessToken)
        #expect(response.status == 200)
        let credentials = try #require(JSONValue.parse(response.bodyText)?["roleCredentials"])
        #expect(credentials["accessKeyId"]?.stringValue?.hasPrefix("ASIA") == true)
        #expect(credentials["secretAccessKey"]?.stringValue == "SECRETKEY")
        #expect((credentials["expiration"]?.intValue ?? 0) > Int64(Date().timeIntervalSince1970 * 1000))
        #expect(try await get("aoaUNKNOWN").status == 401)
        #expect(try await get(nil).status == 400)
        aws.expireAccessTokens()
        let rejected = try await get(session.accessToken)
        #expect(
            rejected.status == 401 && rejected.header("x-amzn-ErrorType")?.hasPrefix("UnauthorizedException") == true)
    }

    @Test func stsChecksTheSignaturesShape() {
        func keyID(_ authorization: String?) -> String? {
            var headers: HTTPHeaders = ["X-Amz-Date": "20261127T150405Z"]
            if let authorization { headers["Authorization"] = authorization }
            return FakeSTS.signingKeyID(RecordedRequest(method: "POST", path: "/", headers: headers))
        }
        let good =
            "AWS4-HMAC-SHA256 Credential=ASIAABCDEFGHIJKLMNOP/20261127/us-east-1/sts/aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-security-token, Signature="
            + String(repeating: "a", count: 64)
        #expect(keyID(good) == "ASIAABCDEFGHIJKLMNOP")
        #expect(keyID(nil) == nil)
        #expect(keyID(good.replacingOccurrences(of: "/sts/", with: "/s3/")) == nil)
        #expect(keyID(good.replacingOccurrences(of: "Signature=a", with: "Signature=")) == nil)
        #expect(keyID(good.replacingOccurrences(of: "host;", with: "")) == nil)
    }

    @Test func aStoppedServiceRefusesConnectionsUntilItIsSwitchedBack() async throws {
        let aws = try FakeAWS()
        let session = aws.startSession(client: aws.registerClient())
        aws.setFault(.stopped, on: .oidc)
        await #expect(throws: HTTPClientError.self) { try await refresh(aws, session) }
        do {
            _ = try await refresh(aws, session)
        } catch let error as HTTPClientError {
            #expect(error.kind == .couldNotConnect)
        }
        aws.setFault(nil, on: .oidc)
        #expect(try await refresh(aws, session).status == 200)
        aws.setFault(.throttle, on: .oidc)
        #expect(try await refresh(aws, session).status == 429)
        aws.setFault(.dropConnection, on: .oidc)
        await #expect(throws: HTTPClientError.self) { try await refresh(aws, session) }
        #expect(aws.tokenRequestCount == 3, "requests that arrived are counted, faulted ones included")
    }
}
