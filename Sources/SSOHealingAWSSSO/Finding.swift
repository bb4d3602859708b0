import SSOHealingCore
import SSOHealingHTTP

/// What a check concluded: the state, one sentence, and what a person should run. Never holds a
/// secret.
struct Finding: Codable, Sendable, Equatable {
    /// ok, degraded or expired (unknown when the check could not tell).
    var state: HealthState
    /// One sentence for people.
    var summary: String
    /// The command or step that fixes it, if any.
    var remedy: String?

    /// A finding that needs a person to log in again.
    static func expired(_ subject: SessionSubject, _ reason: String, remedy: String) -> Finding {
        Finding(state: .expired, summary: subject.sentence("expired") + ": \(reason)", remedy: remedy)
    }

    /// A finding that someone should know about; `remedy` is the next step, even when it is
    /// only to wait.
    static func degraded(_ subject: SessionSubject, _ reason: String, remedy: String) -> Finding {
        Finding(state: .degraded, summary: subject.sentence("degraded") + ": \(reason)", remedy: remedy)
    }

    /// Which of two findings wins: the worse state; the first of equals.
    func worse(_ other: Finding?) -> Finding {
        guard let other else { return self }
        return Self.rank(other.state) > Self.rank(state) ? other : self
    }

    private static func rank(_ state: HealthState) -> Int {
        switch state {
        case .ok: 0
        case .unknown: 1
        case .degraded: 2
        case .expired: 3
        }
    }
}

/// The phrases findings use for what went wrong, shared by both modes.
enum FindingText {
    /// The OAuth errors of `CreateToken` that only a new login cures.
    static let loginRequiredCodes: Set<String> = [
        "invalid_grant", "expired_token", "invalid_client", "unauthorized_client",
    ]

    /// Why a refresh was refused, for a code in ``loginRequiredCodes``.
    static func refusal(_ code: String) -> String {
        switch code {
        case "invalid_grant": "refresh token rejected (invalid_grant)"
        case "expired_token": "refresh token expired (expired_token)"
        case "invalid_client": "client registration rejected (invalid_client)"
        case "unauthorized_client": "client not authorized to refresh (unauthorized_client)"
        default: "refresh refused (\(code))"
        }
    }

    /// What a failed request to `service` looked like.
    static func failure(of service: AWSService, _ error: AWSErrorResponse) -> String {
        let name = service.displayName
        switch error.status {
        case 429: return "\(name) is throttling requests (429)"
        case 500...599: return "\(name) answered \(error.status) (\(error.code ?? "server error"))"
        default: return "\(name) answered \(error.status) (\(error.label))"
        }
    }

    /// The next step for trouble that may pass by itself (network, 5xx, throttling).
    static let transientRemedy =
        "none if it passes (it is checked again every interval); if it lasts, check this machine's network, "
        + "proxy and DNS for the AWS endpoints"

    /// The next step when an AWS endpoint cannot be resolved from the configuration.
    static let endpointRemedy = "correct the endpoint settings (endpoint_url in the AWS config, AWS_ENDPOINT_URL_*)"

    /// The next step for a role the portal refuses to `profile`.
    static func roleRemedy(_ profiles: [String]) -> String {
        "ask the IAM Identity Center administrator to assign the role again, or correct sso_account_id and "
            + "sso_role_name of profile \(profiles.joined(separator: ", ")) in the AWS config"
    }

    /// What a request to `service` that got no answer looked like.
    static func failure(of service: AWSService, _ error: HTTPClientError) -> String {
        let what =
            switch error.kind {
            case .timeout: "timed out"
            case .couldNotConnect: "refused the connection"
            case .connectionDropped: "dropped the connection"
            case .nameResolution: "has a host name that does not resolve"
            case .tls: "failed the TLS handshake"
            case .responseTooLarge: "sent a response that is too large"
            case .invalidRequest: "cannot be sent a request (invalid endpoint URL)"
            case .cancelled: "was not waited for (cancelled)"
            case .other(let code): "failed (curl error \(code))"
            }
        return "\(service.displayName) at \(error.origin) \(what)"
    }
}
