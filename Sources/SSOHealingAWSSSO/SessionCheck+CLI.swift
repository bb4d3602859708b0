import Logging
import SSOHealingCore

/// CLI mode: run `aws sts get-caller-identity`, then read the token cache (and the CLI's debug
/// output) to tell an expired session from an unreachable AWS, which the CLI's own message does
/// not.
extension SessionCheck {
    /// The most of the CLI's output that is read.
    static let maxCLIOutputBytes = 16 << 20

    /// Runs the CLI check.
    mutating func runCLI() async -> Finding {
        let before = await cache.read()
        var environment = environment
        if environment["AWS_PAGER"] == nil { environment["AWS_PAGER"] = "" }
        let arguments = [
            settings.awsCLI, "sts", "get-caller-identity", "--profile", profile.name, "--output", "json", "--debug",
        ]
        let output: ProcessOutput
        do {
            output = try await ProcessRunner.run(
                arguments, environment: environment, timeout: settings.timeout, maxOutputBytes: Self.maxCLIOutputBytes)
        } catch {
            let remedy = "install the AWS CLI, or set aws_cli to its path"
            if error == .executableNotFound(settings.awsCLI) {
                return .degraded(profile.name, "the AWS CLI is missing (\(error))", remedy: remedy)
            }
            return .degraded(profile.name, "cannot run the AWS CLI: \(error)", remedy: remedy)
        }
        if output.timedOut {
            return .degraded(
                profile.name, "aws sts get-caller-identity did not finish within \(Self.format(settings.timeout))")
        }
        let after = await cache.read()
        if output.exitStatus == 0 { return cliSucceeded(before: before, after: after) }
        let diagnosis = CLIDiagnosis(stderr: output.stderrText)
        logger.debug(
            "the AWS CLI failed",
            metadata: [
                "exit_status": "\(output.exitStatus.map(String.init) ?? "signal")",
                "errors": "\(diagnosis.errors.map { "\($0.operation):\($0.code)" }.joined(separator: ","))",
            ])
        return cliFailed(diagnosis, after: after, exitStatus: output.exitStatus)
    }

    private mutating func cliSucceeded(before: TokenCache.ReadResult, after: TokenCache.ReadResult) -> Finding {
        let prefix = "the AWS CLI answers from role credentials it cached, but"
        guard case .token(let token, let modified) = after else {
            switch after {
            case .missing:
                return .degraded(profile.name, "\(prefix) no SSO token is cached (\(cache.path))", remedy: login)
            case .corrupt(let reason):
                return .degraded(
                    profile.name, "\(prefix) token cache \(cache.path) is corrupt (\(reason))", remedy: login)
            default:
                return cacheProblem(after)
            }
        }
        note(token)
        let now = now()
        if profile.isLegacy {
            if let expiresAt = token.expiresAt { details["session_expires_at"] = Timestamp.string(expiresAt) }
            return .degraded(
                profile.name,
                "legacy profile: the access token cannot be refreshed and ends at "
                    + (token.expiresAt.map(Timestamp.string) ?? "an unknown time"),
                remedy: legacyRemedy)
        }
        if let registration = token.registrationExpiresAt, registration <= now {
            return .degraded(
                profile.name, "\(prefix) the client registration ended at \(Timestamp.string(registration))",
                remedy: login)
        }
        if let expiresAt = token.expiresAt, expiresAt <= now, !token.missingRefreshKeys.isEmpty {
            return .degraded(
                profile.name,
                "\(prefix) the access token expired at \(Timestamp.string(expiresAt)) and cannot be refreshed",
                remedy: login)
        }
        // The CLI refreshed (and rotated) the token during this run: the new one continues the session.
        var rotatedFrom: String?
        if case .token(let old, _) = before, let oldRefresh = old.refreshToken, oldRefresh != token.refreshToken {
            rotatedFrom = TokenKey.refreshToken(oldRefresh)
        }
        observe(token, modified: modified, rotatedFrom: rotatedFrom)
        return warnings(token) ?? healthy(token, prefix: "aws sts get-caller-identity works")
    }

    private mutating func cliFailed(
        _ diagnosis: CLIDiagnosis, after: TokenCache.ReadResult, exitStatus: Int32?
    ) -> Finding {
        if let refusal = diagnosis.error(of: "CreateToken"), let code = refusal.oauthCode,
            FindingText.loginRequiredCodes.contains(code)
        {
            if case .token(let token, _) = after, let refreshToken = token.refreshToken {
                record.markEnded(tokenKey: TokenKey.refreshToken(refreshToken))
            }
            if case .token(let token, _) = after { note(token) }
            return .expired(profile.name, FindingText.refusal(code), remedy: login)
        }
        if diagnosis.profileNotFound {
            return Finding(state: .unknown, summary: "the AWS CLI does not know profile \(profile.name)")
        }
        guard case .token(let token, _) = after else { return cacheProblem(after) }
        note(token)
        let now = now()
        if let registration = token.registrationExpiresAt, registration <= now {
            return .expired(
                profile.name, "the client registration ended at \(Timestamp.string(registration))", remedy: login)
        }
        if let expiresAt = token.expiresAt, expiresAt <= now, profile.isLegacy || !token.missingRefreshKeys.isEmpty {
            let lacking =
                profile.isLegacy
                ? "a legacy profile cannot refresh"
                : "no " + token.missingRefreshKeys.joined(separator: ", ") + " in the cache"
            return .expired(
                profile.name,
                "access token expired at \(Timestamp.string(expiresAt)) and cannot be refreshed (\(lacking))",
                remedy: login)
        }
        if diagnosis.error(of: "GetRoleCredentials")?.code == "UnauthorizedException" || diagnosis.sessionRejected {
            return .expired(profile.name, "the SSO portal rejects the access token (401)", remedy: login)
        }
        if let role = diagnosis.error(of: "GetRoleCredentials"),
            role.code == "ForbiddenException" || role.code == "ResourceNotFoundException"
        {
            let what = role.code == "ForbiddenException" ? "is not assigned" : "was not found"
            return .degraded(
                profile.name,
                "role \(profile.roleName ?? "?") in account \(profile.accountID ?? "?") \(what) (\(role.code))")
        }
        if let service = diagnosis.unreachable.first {
            return .degraded(profile.name, "the AWS CLI cannot reach \(service.displayName)")
        }
        if let refresh = diagnosis.error(of: "CreateToken") {
            return .degraded(profile.name, "cannot refresh: SSO OIDC answered \(refresh.code)")
        }
        if let other = diagnosis.errors.last {
            return .degraded(profile.name, "aws sts get-caller-identity failed: \(other.code) from \(other.operation)")
        }
        let how = exitStatus.map { "with exit status \($0)" } ?? "on a signal"
        return .degraded(profile.name, "aws sts get-caller-identity failed \(how)")
    }
}
