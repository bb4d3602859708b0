import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One profile of a watched SSO session as `status` shows it: its account and role, and the last
/// check of that role. Never holds a secret.
public struct ProfileRoleStatus: Sendable, Equatable {
    /// The profile's name.
    public var name: String
    /// Its account.
    public var accountID: String
    /// Its role.
    public var roleName: String
    /// When the role was last checked.
    public var checkedAt: Date
    /// `ok`, or why the portal did not issue the role's credentials.
    public var result: String
}

extension AWSSSOProbe {
    /// The last role checks of the profiles of session `key` (an `sso-session` name, or a legacy
    /// start URL: an aws-sso target's name), by profile name, as remembered under `stateDirectory`
    /// for the token cache that `environment` points to. Reads files only; probes nothing.
    public static func roleChecks(
        ofSession key: String, environment: [String: String], stateDirectory: String
    ) -> [ProfileRoleStatus] {
        let cache = TokenCache(home: HomeDirectory.path(environment: environment), key: key)
        let record = SessionStateStore(stateDirectory: stateDirectory, cachePath: cache.path).load()
        return (record.roleChecks ?? [:]).sorted { $0.key < $1.key }.map { name, check in
            ProfileRoleStatus(
                name: name, accountID: check.accountID, roleName: check.roleName, checkedAt: check.at,
                result: check.result)
        }
    }
}
