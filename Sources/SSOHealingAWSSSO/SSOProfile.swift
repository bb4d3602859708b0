import SSOHealingCore

/// A profile's IAM Identity Center settings, resolved as botocore's `SSOProvider` and
/// `SSOTokenProvider` resolve them.
struct SSOProfile: Sendable, Equatable {
    /// The profile's name.
    var name: String
    /// The `sso_session` the profile refers to; `nil` for a legacy profile (`sso_start_url` on the
    /// profile itself), whose token cannot be refreshed.
    var sessionName: String?
    /// The AWS access portal URL.
    var startURL: String
    /// The IAM Identity Center region.
    var region: String
    /// The account of the role to check, if the profile names one.
    var accountID: String?
    /// The role to check, if the profile names one.
    var roleName: String?
    /// The profile's own keys (for endpoint settings).
    var keys: AWSConfig.Section
    /// The sso-session's `sso_registration_scopes` as the AWS CLI parses them (comma-separated,
    /// trimmed, empties dropped); `nil` when the key is absent, as the CLI keeps it.
    var registrationScopes: [String]? = nil

    /// Whether the profile is a legacy one (no `sso_session`).
    var isLegacy: Bool { sessionName == nil }

    /// What botocore hashes to name the token cache file: the session name, or the start URL of a
    /// legacy profile.
    var cacheKeySource: String { sessionName ?? startURL }

    /// What `aws sso login` needs to renew this profile's session.
    var loginCommand: String { "aws sso login --profile \(name)" }

    /// Why a profile cannot be used.
    struct Problem: Error, Sendable, Equatable, CustomStringConvertible {
        /// A short phrase naming the profile and what is wrong.
        var description: String
    }

    /// The AWS CLI's `parse_sso_registration_scopes`: split on commas, trim, drop empties.
    static func parseScopes(_ raw: String) -> [String] {
        raw.split(separator: ",", omittingEmptySubsequences: false).map {
            $0.trimmingWhitespaceAndNewlines()
        }.filter { !$0.isEmpty }
    }

    /// Resolves profile `name` in `config`.
    static func resolve(_ name: String, in config: AWSConfig) throws(Problem) -> SSOProfile {
        guard let keys = config.profiles[name] else {
            let where_ = config.exists ? config.path : "\(config.path), which does not exist"
            throw Problem(description: "profile \(name) not found in \(where_)")
        }
        func value(_ key: String, in section: AWSConfig.Section) -> String? {
            guard let text = section[key]?.string, !text.isEmpty else { return nil }
            return text
        }
        let accountID = value("sso_account_id", in: keys)
        let roleName = value("sso_role_name", in: keys)
        if let sessionName = keys["sso_session"]?.string {
            guard let session = config.ssoSessions[sessionName] else {
                throw Problem(description: "profile \(name) names sso-session \(sessionName), which does not exist")
            }
            for (key, sessionValue) in session where keys[key] != nil && keys[key] != sessionValue {
                throw Problem(description: "profile \(name) and sso-session \(sessionName) disagree on \(key)")
            }
            let missing = ["sso_start_url", "sso_region"].filter { value($0, in: session) == nil }
            guard missing.isEmpty else {
                throw Problem(
                    description: "sso-session \(sessionName) lacks \(missing.joined(separator: " and "))")
            }
            return SSOProfile(
                name: name, sessionName: sessionName, startURL: value("sso_start_url", in: session)!,
                region: value("sso_region", in: session)!, accountID: accountID, roleName: roleName, keys: keys,
                registrationScopes: session["sso_registration_scopes"]?.string.map(parseScopes))
        }
        guard let startURL = value("sso_start_url", in: keys) else {
            throw Problem(description: "profile \(name) is not an IAM Identity Center (SSO) profile")
        }
        guard let region = value("sso_region", in: keys) else {
            throw Problem(description: "profile \(name) lacks sso_region")
        }
        return SSOProfile(
            name: name, sessionName: nil, startURL: startURL, region: region, accountID: accountID,
            roleName: roleName, keys: keys)
    }
}
