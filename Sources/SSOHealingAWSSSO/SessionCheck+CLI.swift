import Logging
import SSOHealingCore

/// CLI mode: run `aws sts get-caller-identity`, then read the token cache (and the CLI's debug
/// output) to tell an expired session from an unreachable AWS, which the CLI's own message does
/// not.
extension SessionCheck {
    /// The most of the CLI's output that is read.
    static let maxCLIOutputBytes = 16 << 20

    /// The profile the CLI runs with: the first that names a role (the others' roles are then
    /// checked through the portal, in process), else the session's first.
    var cliProfile: SSOProfile { roleProfiles.first ?? profile }

    /// Runs the CLI check for one profile, then checks the other profiles' roles.
    mutating func runCLI() async -> Finding {
        guard !cliProfile.name.isEmpty else {
            return Finding(
                state: .unknown,
                summary: subject.sentence("cannot be checked") + ": cli mode needs a profile on the session",
                remedy: "add a profile with sso_session = \(session.key) to the AWS config, or set mode = \"native\"")
        }
        let finding = await runCLIOnce(retried: false)
        if finding.state == .ok, cliProfile.roleName != nil { noteRole(cliProfile, .issued(expiration: nil)) }
        let others = rolesDue(Array(roleProfiles.dropFirst()))
        guard finding.state == .ok || finding.state == .degraded, !others.isEmpty, !session.isLegacy,
            case .token(let token, _) = cache.readOnce(), let accessToken = token.accessToken
        else { return finding }
        let portals: [String: SSOPortalClient]
        do {
            portals = try self.portals(for: others)
        } catch {
            return finding.worse(
                Finding(
                    state: .unknown, summary: error.description,
                    remedy: FindingText.endpointRemedy))
        }
        let answers = await checkRoles(others, accessToken: accessToken, portals: portals)
        guard let roles = roleFinding(answers) else { return finding }
        return finding.state == .ok ? roles : finding
    }

    /// Runs `aws sts get-caller-identity` once (twice when it lost a refresh race: see
    /// ``renewedByAnotherWriter(than:settle:)``).
    private mutating func runCLIOnce(retried: Bool) async -> Finding {
        let profile = cliProfile
        let before = await cache.read()
        // The AWS CLI gets what it needs (AWS_*, proxies, certificate bundles), never a channel's secrets.
        var environment = ProgramEnvironment.awsCLI(from: environment)
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
                return .degraded(subject, "the AWS CLI is missing (\(error))", remedy: remedy)
            }
            return .degraded(subject, "cannot run the AWS CLI: \(error)", remedy: remedy)
        }
        if output.timedOut {
            return .degraded(
                subject, "aws sts get-caller-identity did not finish within \(Self.format(settings.timeout))",
                remedy: "run aws sts get-caller-identity --profile \(profile.name) to see where it hangs, or raise "
                    + "the probe's timeout")
        }
        let after = await cache.read()
        if output.exitStatus == 0 { return cliSucceeded(before: before, after: after) }
        let diagnosis = CLIDiagnosis(stderr: output.stderrText)
        let refused =
            diagnosis.error(of: "CreateToken")?.oauthCode.map(FindingText.loginRequiredCodes.contains) ?? false
        let unauthorized =
            diagnosis.error(of: "GetRoleCredentials")?.code == "UnauthorizedException" || diagnosis.sessionRejected
        if !retried, refused || unauthorized, case .token(let used, _) = before,
            await renewedByAnotherWriter(than: used) != nil
        {
            // Another program refreshed at the same moment and won: the session lives on.
            logger.debug("the AWS CLI lost a refresh race to another program; running it once more")
            return await runCLIOnce(retried: true)
        }
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
                details["token_cache"] = cache.path
                return .degraded(subject, "\(prefix) no SSO token is cached", remedy: login)
            case .corrupt(let reason):
                details["token_cache"] = cache.path
                return .degraded(subject, "\(prefix) the token cache is corrupt (\(reason))", remedy: login)
            default:
                return cacheProblem(after)
            }
        }
        note(token)
        let now = now()
        if profile.isLegacy {
            // The CLI worked on the session's still valid token.
            if let expiresAt = token.expiresAt, expiresAt > now { record.lastGood = now }
            if let expiresAt = token.expiresAt { details["session_expires_at"] = Timestamp.string(expiresAt) }
            return .degraded(
                subject,
                "legacy profile: the access token cannot be refreshed and ends at "
                    + (token.expiresAt.map(Timestamp.string) ?? "an unknown time"),
                remedy: legacyRemedy)
        }
        if let registration = token.registrationExpiresAt, registration <= now {
            return .degraded(
                subject, "\(prefix) the client registration ended at \(Timestamp.string(registration))",
                remedy: login)
        }
        if let expiresAt = token.expiresAt, expiresAt <= now, !token.missingRefreshKeys.isEmpty {
            return .degraded(
                subject,
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
            return .expired(subject, FindingText.refusal(code), remedy: login)
        }
        if diagnosis.profileNotFound {
            return Finding(
                state: .unknown, summary: "the AWS CLI does not know profile \(cliProfile.name)",
                remedy: "add profile \(cliProfile.name) to the AWS config \(config.path), or point AWS_CONFIG_FILE at "
                    + "the one that has it")
        }
        guard case .token(let token, _) = after else { return cacheProblem(after) }
        note(token)
        let now = now()
        if let registration = token.registrationExpiresAt, registration <= now {
            return .expired(
                subject, "the client registration ended at \(Timestamp.string(registration))", remedy: login)
        }
        if let expiresAt = token.expiresAt, expiresAt <= now, profile.isLegacy || !token.missingRefreshKeys.isEmpty {
            let lacking =
                profile.isLegacy
                ? "a legacy profile cannot refresh"
                : "no " + token.missingRefreshKeys.joined(separator: ", ") + " in the cache"
            return .expired(
                subject,
                "access token expired at \(Timestamp.string(expiresAt)) and cannot be refreshed (\(lacking))",
                remedy: login)
        }
        if diagnosis.error(of: "GetRoleCredentials")?.code == "UnauthorizedException" || diagnosis.sessionRejected {
            return .expired(subject, "the SSO portal rejects the access token (401)", remedy: login)
        }
        if let role = diagnosis.error(of: "GetRoleCredentials"),
            role.code == "ForbiddenException" || role.code == "ResourceNotFoundException"
        {
            let what = role.code == "ForbiddenException" ? "is not assigned" : "was not found"
            let profile = cliProfile
            return .degraded(
                subject,
                "profile \(profile.name): role \(profile.roleName ?? "?") in account \(profile.accountID ?? "?") "
                    + "\(what) (\(role.code))",
                remedy: FindingText.roleRemedy([profile.name]))
        }
        if let service = diagnosis.unreachable.first {
            return .degraded(
                subject, "the AWS CLI cannot reach \(service.displayName)", remedy: FindingText.transientRemedy)
        }
        if let refresh = diagnosis.error(of: "CreateToken") {
            return .degraded(
                subject, "cannot refresh: SSO OIDC answered \(refresh.code)", remedy: FindingText.transientRemedy)
        }
        if let other = diagnosis.errors.last {
            return .degraded(
                subject, "aws sts get-caller-identity failed: \(other.code) from \(other.operation)",
                remedy: cliRunRemedy)
        }
        let how = exitStatus.map { "with exit status \($0)" } ?? "on a signal"
        return .degraded(subject, "aws sts get-caller-identity failed \(how)", remedy: cliRunRemedy)
    }

    /// The next step when the AWS CLI fails in a way this probe cannot read.
    private var cliRunRemedy: String {
        "run aws sts get-caller-identity --profile \(cliProfile.name) to see the AWS CLI's own message"
    }
}
