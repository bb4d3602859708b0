import SSOHealingCore
import SSOHealingHTTP

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The SSO portal's `GetRoleCredentials`, as botocore's `SSOCredentialFetcher` calls it:
/// `GET /federation/credentials?role_name=…&account_id=…` with the access token in
/// `x-amz-sso_bearer_token`, unsigned.
///
/// The role credentials in the answer are checked for shape and dropped at once: they are never
/// kept, written or logged.
struct SSOPortalClient: Sendable {
    /// Where the requests go.
    var endpoint: ResolvedEndpoint
    /// The limit for one request.
    var timeout: Duration
    /// The transport.
    var http: any HTTPTransport = HTTPClient()

    /// How the request ended.
    enum Outcome: Sendable, Equatable {
        /// The portal issued role credentials, valid until `expiration` (when it said).
        case issued(expiration: Date?)
        /// The portal answered with an error status.
        case rejected(AWSErrorResponse)
        /// No answer came.
        case unreachable(HTTPClientError)
        /// A 2xx answer without well-formed credentials.
        case malformed(String)
    }

    /// Asks for credentials of `roleName` in `accountID` with `accessToken`.
    func roleCredentials(accessToken: String, accountID: String, roleName: String) async -> Outcome {
        let query = "role_name=\(Self.percentEncoded(roleName))&account_id=\(Self.percentEncoded(accountID))"
        let request = HTTPRequest(
            method: "GET", url: endpoint.url("/federation/credentials?" + query),
            headers: ["x-amz-sso_bearer_token": accessToken], timeout: timeout,
            connectTimeout: min(timeout, .seconds(10)))
        let response: HTTPResponse
        do {
            response = try await http.send(request)
        } catch {
            return .unreachable(error)
        }
        guard response.isSuccess else { return .rejected(AWSErrorResponse(response)) }
        guard let credentials = JSONValue.parse(response.bodyText)?["roleCredentials"] else {
            return .malformed("the answer has no roleCredentials")
        }
        for key in ["accessKeyId", "secretAccessKey", "sessionToken"] {
            guard let value = credentials[key]?.stringValue, !value.isEmpty else {
                return .malformed("the role credentials lack \(key)")
            }
        }
        let expiration = credentials["expiration"]?.intValue.map { Date(timeIntervalSince1970: Double($0) / 1000) }
        return .issued(expiration: expiration)
    }

    /// RFC 3986 percent-encoding of everything but unreserved characters, as botocore quotes
    /// query values.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                output += "%" + PaddedNumber.hex(byte, width: 2, uppercase: true)
            }
        }
        return output
    }
}
