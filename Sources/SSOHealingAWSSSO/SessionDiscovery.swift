import SSOHealingCore

/// The `aws-sso` probes a configuration without any gets: one per `sso-session` of the AWS config,
/// and one per legacy SSO profile (those on one start URL are one session, merged into one
/// target), each with the defaults.
enum SessionDiscovery {
    /// The probe tables for the AWS config that `environment` points to; `nil` when it does not
    /// exist, cannot be read, or holds no SSO session.
    static func discover(environment: [String: String]) -> DiscoveredProbes? {
        guard let config = try? AWSConfig.load(environment: environment), config.exists else { return nil }
        var tables: [DiscoveredProbes.Table] = []
        var used: Set<String> = []
        func name(_ base: String) -> String {
            var name = String(base.unicodeScalars.map { Self.isNameScalar($0) ? Character($0) : "-" })
            if name.isEmpty || !(name.unicodeScalars.first.map(\.properties.isAlphabetic) ?? false) {
                name = "sso-" + name
            }
            var unique = name
            var number = 2
            while used.contains(unique) {
                unique = "\(name)-\(number)"
                number += 1
            }
            used.insert(unique)
            return unique
        }
        for session in config.ssoSessions.keys.sorted() {
            tables.append(
                DiscoveredProbes.Table(
                    name: name(session),
                    toml: "type = \"aws-sso\"\nsso_session = \(ConfigurationRenderer.tomlString(session))\n"))
        }
        for profile in config.profiles.keys.sorted() {
            guard let keys = config.profiles[profile], keys["sso_session"] == nil,
                let startURL = keys["sso_start_url"]?.string, !startURL.isEmpty
            else { continue }
            tables.append(
                DiscoveredProbes.Table(
                    name: name("legacy-" + profile),
                    toml: "type = \"aws-sso\"\nprofile = \(ConfigurationRenderer.tomlString(profile))\n"
                ))
        }
        return tables.isEmpty ? nil : DiscoveredProbes(source: config.path, tables: tables)
    }

    private static func isNameScalar(_ scalar: Unicode.Scalar) -> Bool {
        scalar.isASCII
            && (scalar.properties.isAlphabetic || ("0"..."9").contains(scalar) || "-_.".unicodeScalars.contains(scalar))
    }
}
