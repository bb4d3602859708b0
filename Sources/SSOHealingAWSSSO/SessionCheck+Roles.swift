import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The role checks of a session's profiles: one `GetRoleCredentials` per profile, a few at once,
/// each remembered for `status`.
extension SessionCheck {
    /// How many role checks run at once.
    static let roleCheckConcurrency = 4

    /// The session's profiles that name an account and a role.
    var roleProfiles: [SSOProfile] { session.profiles.filter { $0.accountID != nil && $0.roleName != nil } }

    /// Those of `profiles` whose role is due a check: never checked, refused last time, changed
    /// (another account or role), or granted longer than `role_check_interval` ago. A role that
    /// was granted recently is not asked again: roles change rarely, and each check is a request.
    func rolesDue(_ profiles: [SSOProfile]) -> [SSOProfile] {
        let interval = settings.roleCheckInterval.secondsValue
        guard interval > 0 else { return profiles }
        let checks = record.roleChecks ?? [:]
        let now = now()
        return profiles.filter { profile in
            guard let check = checks[profile.name], check.granted, check.accountID == profile.accountID,
                check.roleName == profile.roleName
            else { return true }
            let age = now.timeIntervalSince(check.at)
            return age < 0 || age >= interval
        }
    }

    /// The SSO portal of each of `profiles` (they may name their own endpoints).
    func portals(for profiles: [SSOProfile]) throws(SSOProfile.Problem) -> [String: SSOPortalClient] {
        var portals: [String: SSOPortalClient] = [:]
        for profile in profiles {
            portals[profile.name] = SSOPortalClient(
                endpoint: try EndpointResolver.resolve(
                    .sso, profile: profile, config: config, environment: environment),
                timeout: settings.timeout)
        }
        return portals
    }

    /// Asks the portal for each profile's role credentials with `accessToken`, at most
    /// ``roleCheckConcurrency`` at once, and records each answer; the answers in `profiles`' order.
    mutating func checkRoles(
        _ profiles: [SSOProfile], accessToken: String, portals: [String: SSOPortalClient]
    ) async -> [(SSOProfile, SSOPortalClient.Outcome)] {
        guard !profiles.isEmpty else { return [] }
        let outcomes = await withTaskGroup(of: (Int, SSOPortalClient.Outcome).self) { group in
            var next = 0
            func start(_ index: Int) {
                let profile = profiles[index]
                guard let portal = portals[profile.name], let account = profile.accountID, let role = profile.roleName
                else { return }
                group.addTask {
                    (index, await portal.roleCredentials(accessToken: accessToken, accountID: account, roleName: role))
                }
            }
            while next < min(Self.roleCheckConcurrency, profiles.count) {
                start(next)
                next += 1
            }
            var collected: [Int: SSOPortalClient.Outcome] = [:]
            for await (index, outcome) in group {
                collected[index] = outcome
                if next < profiles.count {
                    start(next)
                    next += 1
                }
            }
            return collected
        }
        var answers: [(SSOProfile, SSOPortalClient.Outcome)] = []
        for (index, profile) in profiles.enumerated() {
            guard let outcome = outcomes[index] else { continue }
            noteRole(profile, outcome)
            answers.append((profile, outcome))
        }
        return answers
    }

    /// Remembers the portal's answer for `profile`.
    mutating func noteRole(_ profile: SSOProfile, _ outcome: SSOPortalClient.Outcome) {
        guard let account = profile.accountID, let role = profile.roleName else { return }
        var checks = record.roleChecks ?? [:]
        checks[profile.name] = RoleCheck(
            accountID: account, roleName: role, at: now(), result: Self.roleProblem(outcome, profile: profile) ?? "ok")
        let watched = Set(session.profiles.map(\.name))
        record.roleChecks = checks.filter { watched.contains($0.key) }
        if case .issued = outcome {
            // The portal took the token: the session works.
            record.lastGood = now()
            logger.debug(
                "the SSO portal issued role credentials",
                metadata: ["profile": "\(profile.name)", "account": "\(account)", "role": "\(role)"])
        }
    }

    /// Degraded when any role check failed, naming each profile and why; `nil` when every
    /// role's credentials were issued.
    func roleFinding(_ answers: [(SSOProfile, SSOPortalClient.Outcome)]) -> Finding? {
        let failing = answers.compactMap { profile, outcome in
            Self.roleProblem(outcome, profile: profile).map { (profile, "profile \(profile.name): \($0)") }
        }
        guard !failing.isEmpty else { return nil }
        let refused = failing.filter { profile, _ in
            answers.contains { $0.0.name == profile.name && Self.isRoleRefusal($0.1) }
        }
        let remedy =
            refused.isEmpty ? FindingText.transientRemedy : FindingText.roleRemedy(refused.map(\.0.name))
        return .degraded(subject, failing.map(\.1).joined(separator: "; "), remedy: remedy)
    }

    /// Whether the portal refused the role itself (403 or 404), rather than failing to answer.
    static func isRoleRefusal(_ outcome: SSOPortalClient.Outcome) -> Bool {
        if case .rejected(let error) = outcome { return error.status == 403 || error.status == 404 }
        return false
    }

    /// Why the portal did not issue `profile`'s credentials, or `nil` when it did.
    static func roleProblem(_ outcome: SSOPortalClient.Outcome, profile: SSOProfile) -> String? {
        let role = profile.roleName ?? "?"
        let account = profile.accountID ?? "?"
        switch outcome {
        case .issued:
            return nil
        case .rejected(let error) where error.status == 403:
            return "role \(role) in account \(account) is not assigned (403 \(error.label))"
        case .rejected(let error) where error.status == 404:
            return "role \(role) in account \(account) was not found (404 \(error.label))"
        case .rejected(let error) where error.status == 401:
            return "the SSO portal rejects the access token for role \(role) in account \(account) (401)"
        case .rejected(let error):
            return "cannot get role credentials: " + FindingText.failure(of: .sso, error)
        case .unreachable(let error):
            return "cannot get role credentials: " + FindingText.failure(of: .sso, error)
        case .malformed(let reason):
            return "the SSO portal sent an unusable answer (\(reason))"
        }
    }
}
