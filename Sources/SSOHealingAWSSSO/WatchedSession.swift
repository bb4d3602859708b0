/// What one `aws-sso` target watches: an IAM Identity Center session (an `sso-session`, or the
/// start URL of legacy profiles) and the profiles on it whose roles are checked.
struct WatchedSession: Sendable, Equatable {
    /// The target's name: the `sso-session` name, or a legacy profile's start URL.
    var key: String
    /// The `sso-session` name; `nil` for a legacy session.
    var sessionName: String?
    /// The profiles whose roles are checked, in the order they were named (or by name).
    var profiles: [SSOProfile]
    /// The profile whose settings (region, endpoints, scopes) reach the session's services: the
    /// first profile, or the session itself when it has none.
    var primary: SSOProfile

    /// Whether the session is a legacy one, which AWS never lets refresh.
    var isLegacy: Bool { sessionName == nil }

    /// The start URL.
    var startURL: String { primary.startURL }

    /// How findings name it.
    var subject: SessionSubject { SessionSubject(name: key, profiles: profiles.map(\.name)) }

    /// What renews it: `aws sso login --sso-session corp`, or `--profile` for a legacy one.
    var loginCommand: String {
        sessionName.map { "aws sso login --sso-session \($0)" } ?? "aws sso login --profile \(primary.name)"
    }

    /// The target name `selection` resolves to in `config`, if it resolves.
    static func key(of selection: SessionSelection, in config: AWSConfig, environment: [String: String]) -> String? {
        switch selection {
        case .session(let name, _):
            return name
        case .profile(let name):
            let profile = try? SSOProfile.resolve(
                name ?? AWSConfig.defaultProfileName(environment: environment), in: config)
            return profile.map { $0.sessionName ?? $0.startURL }
        }
    }

    /// Resolves `selections` (one per merged probe) in `config` into one session.
    static func resolve(
        _ selections: [SessionSelection], in config: AWSConfig, environment: [String: String]
    ) throws(SSOProfile.Problem) -> WatchedSession {
        var watched: WatchedSession?
        for selection in selections {
            let next = try resolve(selection, in: config, environment: environment)
            guard var current = watched else {
                watched = next
                continue
            }
            guard current.key == next.key else {
                throw SSOProfile.Problem(
                    description: "the merged probes now name different SSO sessions (\(current.key), \(next.key)) "
                        + "in \(config.path): reload the configuration")
            }
            for profile in next.profiles where !current.profiles.contains(where: { $0.name == profile.name }) {
                current.profiles.append(profile)
            }
            if current.profiles.first?.name != current.primary.name, let first = current.profiles.first {
                current.primary = first
            }
            watched = current
        }
        guard let watched else { throw SSOProfile.Problem(description: "no SSO session named") }
        return watched
    }

    private static func resolve(
        _ selection: SessionSelection, in config: AWSConfig, environment: [String: String]
    ) throws(SSOProfile.Problem) -> WatchedSession {
        switch selection {
        case .profile(let name):
            let profile = try SSOProfile.resolve(
                name ?? AWSConfig.defaultProfileName(environment: environment), in: config)
            return WatchedSession(
                key: profile.sessionName ?? profile.startURL, sessionName: profile.sessionName, profiles: [profile],
                primary: profile)
        case .session(let name, let listed):
            guard let section = config.ssoSessions[name] else {
                let where_ = config.exists ? config.path : "\(config.path), which does not exist"
                throw SSOProfile.Problem(description: "sso-session \(name) not found in \(where_)")
            }
            let names =
                listed
                ?? config.profiles.filter { $0.value["sso_session"]?.string == name }.map(\.key).sorted()
            var profiles: [SSOProfile] = []
            for profileName in names {
                let profile = try SSOProfile.resolve(profileName, in: config)
                guard profile.sessionName == name else {
                    throw SSOProfile.Problem(description: "profile \(profileName) is not on sso-session \(name)")
                }
                profiles.append(profile)
            }
            let primary: SSOProfile
            if let first = profiles.first {
                primary = first
            } else {
                let missing = ["sso_start_url", "sso_region"].filter { (section[$0]?.string ?? "").isEmpty }
                guard missing.isEmpty, let startURL = section["sso_start_url"]?.string,
                    let region = section["sso_region"]?.string
                else {
                    throw SSOProfile.Problem(
                        description: "sso-session \(name) lacks \(missing.joined(separator: " and "))")
                }
                primary = SSOProfile(
                    name: "", sessionName: name, startURL: startURL, region: region, accountID: nil, roleName: nil,
                    keys: [:],
                    registrationScopes: section["sso_registration_scopes"]?.string.map(SSOProfile.parseScopes))
            }
            return WatchedSession(key: name, sessionName: name, profiles: profiles, primary: primary)
        }
    }
}
