import SSOHealingAWSFakes

/// One command the running simulator takes, as a line on its standard input or a `POST /control`.
enum SimulatorCommand: Equatable {
    /// Ends every live session, as an administrator's revocation or the session's end would.
    case endSession
    /// Switches services to a misbehaviour.
    case fault(Target, Kind)
    /// Switches every service back to normal.
    case clear
    /// Approves the pending device authorization showing this code (the only pending one when `nil`).
    case approve(String?)
    /// Denies it.
    case deny(String?)
    /// What the simulator knows: sessions, faults, device authorizations, requests served.
    case status
    /// The commands.
    case help

    /// The services a fault applies to.
    enum Target: String, CaseIterable {
        case oidc, portal, sts, all

        /// The services it names.
        var services: [FakeService] {
            switch self {
            case .oidc: [.oidc]
            case .portal: [.portal]
            case .sts: [.sts]
            case .all: FakeService.allCases
            }
        }
    }

    /// The misbehaviours `fault` offers.
    enum Kind: String, CaseIterable {
        /// HTTP 503, as an outage answers.
        case error
        /// Connections refused.
        case down
        /// HTTP 429 (STS: `Throttling`).
        case throttle
        /// Credentials rejected: SSO OIDC `invalid_grant`, the portal 401, STS `InvalidClientTokenId`.
        case reject

        /// The fake's fault for `service`.
        func fault(on service: FakeService) -> FakeFault {
            switch self {
            case .error: .serverError(503)
            case .down: .stopped
            case .throttle: .throttle
            case .reject: service == .oidc ? .rejectGrant : .rejectToken
            }
        }
    }

    /// The commands, one a line, as `help` and `--help` show them.
    static let summary = """
        end-session      end the SSO session: its refresh token is refused, the
                         next check is expired
        fault SERVICE [KIND]
                         SERVICE: oidc, portal, sts or all; KIND: error (HTTP
                         503, the default), down (connections refused),
                         throttle (429) or reject (credentials refused)
        clear            every service back to normal
        approve [CODE]   approve the device authorization showing CODE (or the
                         only one pending)
        deny [CODE]      deny it
        status           sessions, faults, device authorizations, requests
        help             this list
        """

    /// Parses one line; `nil` for a blank line.
    static func parse(_ line: String) throws(SimulatorError) -> SimulatorCommand? {
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\r" }).map(String.init)
        guard let name = words.first?.lowercased() else { return nil }
        let arguments = Array(words.dropFirst())
        func atMost(_ count: Int) throws(SimulatorError) {
            guard arguments.count <= count else {
                throw SimulatorError("\(name) takes \(count == 0 ? "no argument" : "at most \(count)"): try `help`")
            }
        }
        switch name {
        case "end-session":
            try atMost(0)
            return .endSession
        case "fault":
            try atMost(2)
            guard let first = arguments.first, let target = Target(rawValue: first.lowercased()) else {
                throw SimulatorError("fault needs a service: oidc, portal, sts or all")
            }
            let kindName = arguments.count > 1 ? arguments[1].lowercased() : Kind.error.rawValue
            guard let kind = Kind(rawValue: kindName) else {
                throw SimulatorError(
                    "unknown fault \"\(kindName)\": use \(Kind.allCases.map(\.rawValue).joined(separator: ", "))")
            }
            return .fault(target, kind)
        case "clear":
            try atMost(0)
            return .clear
        case "approve", "deny":
            try atMost(1)
            let code = arguments.first?.uppercased()
            return name == "approve" ? .approve(code) : .deny(code)
        case "status":
            try atMost(0)
            return .status
        case "help", "?":
            return .help
        default:
            throw SimulatorError("unknown command \"\(name)\": try `help`")
        }
    }
}
