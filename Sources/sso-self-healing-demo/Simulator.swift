import SSOHealingAWSFakes
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The running simulator as its commands see it: the fake services and the simulated session.
struct Simulator: Sendable {
    let aws: FakeAWS
    /// The simulated `sso-session`'s name.
    let sessionName: String
    /// The approval page device authorizations link to.
    let approvalPage: String

    /// What a command answered: `ok` false when it was refused.
    struct Reply: Sendable, Equatable {
        var ok: Bool
        var text: String
    }

    /// Parses and performs one command line; `nil` for a blank line.
    func perform(_ line: String) -> Reply? {
        do {
            guard let command = try SimulatorCommand.parse(line) else { return nil }
            return perform(command)
        } catch {
            return Reply(ok: false, text: error.description)
        }
    }

    /// Performs `command`.
    func perform(_ command: SimulatorCommand) -> Reply {
        switch command {
        case .endSession:
            let ended = aws.endLiveSessions()
            guard !ended.isEmpty else { return Reply(ok: true, text: "no live session to end") }
            return Reply(
                ok: true,
                text: "ended the SSO session \(sessionName): its refresh token is refused (invalid_grant); "
                    + "a login (`sso-self-healing login`, or `aws sso login`) starts a new one")
        case .fault(let target, let kind):
            for service in target.services { aws.setFault(kind.fault(on: service), on: service) }
            return Reply(
                ok: true,
                text: target.services.map { "\($0.rawValue): \(Self.describe(kind.fault(on: $0)))" }.joined(
                    separator: ", "))
        case .clear:
            aws.clearFaults()
            return Reply(ok: true, text: "every service answers normally")
        case .approve(let code):
            return decide(code, approve: true)
        case .deny(let code):
            return decide(code, approve: false)
        case .status:
            return Reply(ok: true, text: status())
        case .help:
            return Reply(ok: true, text: SimulatorCommand.summary)
        }
    }

    private func decide(_ code: String?, approve: Bool) -> Reply {
        let pending = aws.deviceAuthorizations.filter { $0.status == .pending }
        let verb = approve ? "approve" : "deny"
        let chosen: String
        if let code {
            chosen = code
        } else if pending.count == 1 {
            chosen = pending[0].userCode
        } else {
            return Reply(
                ok: false,
                text: pending.isEmpty
                    ? "no device authorization is pending: start one with `sso-self-healing login` or `check`"
                    : "several are pending (\(pending.map(\.userCode).joined(separator: ", "))): \(verb) CODE")
        }
        let done = approve ? aws.approve(userCode: chosen) : aws.deny(userCode: chosen)
        guard done else {
            let others = pending.isEmpty ? "none is" : pending.map(\.userCode).joined(separator: ", ") + " pending"
            return Reply(ok: false, text: "no pending device authorization shows code \(chosen) (\(others))")
        }
        return Reply(
            ok: true,
            text: approve
                ? "approved \(chosen): the next poll gets the token" : "denied \(chosen): the next poll is refused")
    }

    /// The status lines.
    func status() -> String {
        let live = aws.liveSessions.count
        var lines = ["SSO session \(sessionName): \(live > 0 ? "live" : "ended")"]
        let faults = FakeService.allCases.compactMap { service in
            aws.fault(on: service).map { "\(service.rawValue): \(Self.describe($0))" }
        }
        lines.append("faults: " + (faults.isEmpty ? "none" : faults.joined(separator: ", ")))
        let authorizations = aws.deviceAuthorizations.map { authorization in
            "\(authorization.userCode) \(authorization.status.rawValue)"
                + (authorization.status == .pending ? " until \(Timestamp.string(authorization.expiresAt))" : "")
        }
        lines.append(
            "device authorizations: " + (authorizations.isEmpty ? "none" : authorizations.joined(separator: ", ")))
        let operations = [
            "CreateToken", "GetRoleCredentials", "GetCallerIdentity", "RegisterClient", "StartDeviceAuthorization",
        ]
        lines.append(
            "requests: " + operations.map { "\($0) \(aws.requestCount($0))" }.joined(separator: ", "))
        lines.append("approval page: \(approvalPage)")
        return lines.joined(separator: "\n")
    }

    /// A fault in words.
    static func describe(_ fault: FakeFault) -> String {
        switch fault {
        case .serverError(let status): "answers HTTP \(status)"
        case .stopped: "down (connections refused)"
        case .throttle: "throttles (429)"
        case .rejectGrant: "refuses refresh tokens (invalid_grant)"
        case .rejectToken: "refuses every token"
        default: "\(fault)"
        }
    }
}
