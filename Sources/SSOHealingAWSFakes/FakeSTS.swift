import SSOHealingCore
import SSOHealingTestKit

/// STS: `POST /` with `Action=GetCallerIdentity` (the query protocol), answered in STS's XML.
///
/// The SigV4 check is of shape only: an `AWS4-HMAC-SHA256` `Authorization` header with a
/// `Credential` scope for `sts`, signed headers and a 64-hex-digit signature, made with an access
/// key id the portal issued and has not expired, and that key's session token. The signature
/// itself is not recomputed.
struct FakeSTS: Sendable {
    let core: FakeAWSCore

    private enum Outcome {
        case identity(FakeRoleAssignment)
        case missingAuthentication
        case invalidToken
        case expired
    }

    /// Answers one request.
    func handle(_ request: RecordedRequest) -> LoopbackHTTPServer.Reply {
        let form = Dictionary(request.formItems.map { ($0.name, $0.value) }, uniquingKeysWith: { first, _ in first })
        guard request.method == "POST", form["Action"] == "GetCallerIdentity" else {
            return FakeErrorReply.sts(
                status: 400, code: "InvalidAction", message: "Could not find operation \(form["Action"] ?? "")")
        }
        guard form["Version"] == "2011-06-15" else {
            return FakeErrorReply.sts(status: 400, code: "InvalidParameterValue", message: "Unsupported Version")
        }
        let now = core.configuration.now()
        let outcome = core.ledger.withLock { ledger -> Outcome in
            guard let accessKeyID = Self.signingKeyID(request) else { return .missingAuthentication }
            guard let record = ledger.roleCredentials[accessKeyID],
                request.header("X-Amz-Security-Token") == record.sessionToken
            else { return .invalidToken }
            guard record.expiresAt > now else { return .expired }
            return .identity(record.assignment)
        }
        switch outcome {
        case .identity(let assignment):
            return identity(assignment)
        case .missingAuthentication:
            return FakeErrorReply.sts(
                status: 403, code: "MissingAuthenticationToken", message: "Request is missing Authentication Token")
        case .invalidToken:
            return FakeErrorReply.sts(
                status: 403, code: "InvalidClientTokenId",
                message: "The security token included in the request is invalid.")
        case .expired:
            return FakeErrorReply.sts(
                status: 400, code: "ExpiredToken", message: "The security token included in the request is expired")
        }
    }

    private func identity(_ assignment: FakeRoleAssignment) -> LoopbackHTTPServer.Reply {
        let user = core.configuration.userName
        let roleID =
            "AROA" + String(SHA1.hex(assignment.accountID + "/" + assignment.roleName).uppercased().prefix(17))
        let arn =
            "arn:aws:sts::\(assignment.accountID):assumed-role/AWSReservedSSO_\(assignment.roleName)_"
            + String(SHA1.hex(assignment.roleName).prefix(16)) + "/\(user)"
        let requestID = FakeIdentifier.requestID()
        let xml = """
            <GetCallerIdentityResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
              <GetCallerIdentityResult>
                <Arn>\(FakeXML.escape(arn))</Arn>
                <UserId>\(roleID):\(FakeXML.escape(user))</UserId>
                <Account>\(FakeXML.escape(assignment.accountID))</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>\(requestID)</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>

            """
        return .response(
            status: 200, headers: ["Content-Type": "text/xml", "x-amzn-RequestId": requestID], body: Array(xml.utf8))
    }

    /// The access key id of a well-formed SigV4 `Authorization` header for STS, or `nil`.
    static func signingKeyID(_ request: RecordedRequest) -> String? {
        guard request.header("X-Amz-Date") != nil, let authorization = request.header("Authorization") else {
            return nil
        }
        let scheme = "AWS4-HMAC-SHA256 "
        guard authorization.hasPrefix(scheme) else { return nil }
        var parts: [String: String] = [:]
        for component in authorization.dropFirst(scheme.count).split(separator: ",") {
            let pair = component.trimmingWhitespace().split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            parts[String(pair[0])] = String(pair[1])
        }
        guard let credential = parts["Credential"], let signedHeaders = parts["SignedHeaders"],
            let signature = parts["Signature"]
        else { return nil }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false)
        guard scope.count == 5, scope[0].count >= 16, scope[1].count == 8, scope[1].allSatisfy(\.isNumber),
            !scope[2].isEmpty, scope[3] == "sts", scope[4] == "aws4_request"
        else { return nil }
        guard signedHeaders.split(separator: ";").contains("host") else { return nil }
        guard signature.count == 64, signature.allSatisfy({ $0.isHexDigit && !$0.isUppercase }) else { return nil }
        return String(scope[0])
    }
}
