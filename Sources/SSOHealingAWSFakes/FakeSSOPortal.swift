import SSOHealingCore
import SSOHealingTestKit

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The SSO portal: `GET /federation/credentials` (`GetRoleCredentials`).
struct FakeSSOPortal: Sendable {
    let core: FakeAWSCore

    private enum Outcome {
        case issued(accessKeyID: String, secretAccessKey: String, sessionToken: String, expiration: Date)
        case unauthorized
        case forbidden
        case invalidRequest(String)
    }

    /// Answers one request: role credentials for a valid, unexpired bearer token of a live session
    /// and an assigned role; 401 for any other token, 403 for a role not assigned.
    func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        guard request.method == "GET", request.pathWithoutQuery == "/federation/credentials" else {
            return FakeErrorReply.portal(
                status: 404, exception: "UnknownOperationException", message: "Unknown operation")
        }
        let query = Dictionary(request.queryItems.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        let configuration = core.configuration
        let now = configuration.now()
        let outcome = core.ledger.withLock { ledger -> Outcome in
            guard let roleName = query["role_name"], let accountID = query["account_id"] else {
                return .invalidRequest("role_name and account_id are required")
            }
            guard let token = request.header("x-amz-sso_bearer_token"), !token.isEmpty else {
                return .invalidRequest("x-amz-sso_bearer_token is required")
            }
            guard let record = ledger.accessTokens[token], record.expiresAt > now,
                ledger.isLive(record.sessionID, at: now)
            else {
                return .unauthorized
            }
            let assignment = FakeRoleAssignment(accountID: accountID, roleName: roleName)
            guard ledger.assignments.contains(assignment) else { return .forbidden }
            let accessKeyID = FakeIdentifier.accessKeyID()
            let secret = configuration.roleSecretAccessKey ?? FakeIdentifier.token("", count: 40)
            let sessionToken = FakeIdentifier.token("IQoJb3JpZ2luX2VjE", count: 300)
            let expiration = now.addingTimeInterval(configuration.roleCredentialLifetime.secondsValue)
            ledger.roleCredentials[accessKeyID] = .init(
                secretAccessKey: secret, sessionToken: sessionToken, assignment: assignment, expiresAt: expiration)
            return .issued(
                accessKeyID: accessKeyID, secretAccessKey: secret, sessionToken: sessionToken, expiration: expiration)
        }
        switch outcome {
        case .issued(let accessKeyID, let secret, let sessionToken, let expiration):
            let credentials = JSONValue.object([
                ("accessKeyId", .string(accessKeyID)), ("secretAccessKey", .string(secret)),
                ("sessionToken", .string(sessionToken)),
                ("expiration", .int(Int64((expiration.timeIntervalSince1970 * 1000).rounded()))),
            ])
            return .json(
                JSONValue.object([("roleCredentials", credentials)]).serialized(),
                headers: ["x-amzn-RequestId": FakeIdentifier.requestID()])
        case .unauthorized:
            return FakeErrorReply.portal(
                status: 401, exception: "UnauthorizedException", message: "Session token not found or invalid")
        case .forbidden:
            return FakeErrorReply.portal(status: 403, exception: "ForbiddenException", message: "No access")
        case .invalidRequest(let message):
            return FakeErrorReply.portal(status: 400, exception: "InvalidRequestException", message: message)
        }
    }
}
