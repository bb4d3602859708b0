/// What the AWS CLI's `--debug` output says went wrong, read in memory and dropped: that output
/// holds tokens and credentials, so none of it is ever logged, stored or repeated, only the
/// error codes and operation names found in it.
struct CLIDiagnosis: Sendable, Equatable {
    /// One `An error occurred (CODE) when calling the OPERATION operation`.
    struct ServiceError: Sendable, Equatable {
        /// The exception name, such as `InvalidGrantException`.
        var code: String
        /// The operation, such as `CreateToken`.
        var operation: String

        /// The OAuth-style code (`invalid_grant`).
        var oauthCode: String? { AWSErrorResponse(status: 400, exception: code).code }
    }

    /// Every service error reported, in order.
    var errors: [ServiceError] = []
    /// The services that could not be reached (connection refused, closed, timed out).
    var unreachable: [AWSService] = []
    /// Whether botocore said the SSO session is expired or invalid (a 401 from the portal, or an
    /// expired legacy token).
    var sessionRejected = false
    /// Whether botocore could not load the cached token.
    var tokenLoadFailed = false
    /// Whether the profile does not exist for the CLI.
    var profileNotFound = false

    /// Reads the CLI's standard error.
    init(stderr: String) {
        for line in stderr.split(whereSeparator: \.isNewline) {
            let line = Substring(line)
            errors += Self.serviceErrors(in: line)
            if let service = Self.unreachableService(in: line), !unreachable.contains(service) {
                unreachable.append(service)
            }
            if line.contains("UnauthorizedSSOTokenError")
                || line.contains("The SSO session associated with this profile has expired or is otherwise invalid")
            {
                sessionRejected = true
            }
            if line.contains("SSOTokenLoadError") || line.contains("Error loading SSO Token") { tokenLoadFailed = true }
            if line.contains("ProfileNotFound")
                || (line.contains("The config profile (") && line.contains("could not be found"))
            {
                profileNotFound = true
            }
        }
    }

    /// The first error of `operation`.
    func error(of operation: String) -> ServiceError? { errors.first { $0.operation == operation } }

    /// botocore's connection failures all quote the URL: `Could not connect to the endpoint URL:
    /// "…"`, `Connect timeout on endpoint URL: "…"`, `Read timeout on endpoint URL: "…"`,
    /// `Connection was closed before we received a valid response from endpoint URL: "…"`.
    private static let unreachableMarkers = [
        "Could not connect to the endpoint URL: \"", "Connect timeout on endpoint URL: \"",
        "Read timeout on endpoint URL: \"", "valid response from endpoint URL: \"",
    ]

    /// The service a connection failure message is about, from the path of the URL it quotes.
    private static func unreachableService(in line: Substring) -> AWSService? {
        guard let marker = unreachableMarkers.lazy.compactMap({ line.firstRange(of: $0) }).first else { return nil }
        let url = line[marker.upperBound...].prefix { $0 != "\"" }
        let afterScheme = url.firstRange(of: "://").map { url[$0.upperBound...] } ?? url
        let path = afterScheme.drop { $0 != "/" }.prefix { $0 != "?" }
        switch path {
        case "/token": return .ssoOIDC
        case "/federation/credentials": return .sso
        default: return .sts
        }
    }

    private static func serviceErrors(in line: Substring) -> [ServiceError] {
        var found: [ServiceError] = []
        var rest = line[...]
        let opening = "An error occurred ("
        while let start = rest.firstRange(of: opening) {
            rest = rest[start.upperBound...]
            guard let close = rest.firstIndex(of: ")") else { break }
            let code = String(rest[..<close])
            rest = rest[rest.index(after: close)...]
            guard rest.hasPrefix(" when calling the ") else { continue }
            let afterCalling = rest.dropFirst(" when calling the ".count)
            let operation = String(afterCalling.prefix { $0.isLetter || $0.isNumber })
            guard isIdentifier(code), !operation.isEmpty else { continue }
            found.append(ServiceError(code: code, operation: operation))
        }
        return found
    }

    private static func isIdentifier(_ text: String) -> Bool {
        !text.isEmpty && text.count <= 64
            && text.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "_" || $0 == ".") }
    }
}
