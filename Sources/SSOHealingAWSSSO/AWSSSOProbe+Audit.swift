import SSOHealingCore

extension AWSSSOProbe {
    /// What `config check` finds wrong in an `aws-sso` table against the AWS config: an
    /// `sso_session`, `profile` or listed profile the AWS config does not have (or cannot use),
    /// each at its key in `config.toml`, naming the AWS config file. `run` and `check` keep such a
    /// probe: its target is degraded with the same reason.
    static func audit(_ context: ProbeContext) -> [ConfigDiagnostic] {
        let section = context.section
        let session = section.string("sso_session")
        let profile = section.string("profile")
        guard session != nil || profile != nil else { return [] }
        let key = session != nil ? "sso_session" : "profile"
        let config: AWSConfig
        do {
            config = try AWSConfig.load(environment: context.environment)
        } catch {
            return [section.error("cannot read the AWS config: \(error)", key: key)]
        }
        let place = "the AWS config \(config.path)" + (config.exists ? "" : ", which does not exist")
        if let session, config.ssoSessions[session] == nil {
            return [
                section.error(
                    "sso-session \"\(session)\" is not in \(place)"
                        + hint(session, among: Array(config.ssoSessions.keys)), key: "sso_session")
            ]
        }
        if session != nil, let listed = section.strings("profiles") {
            let missing = listed.filter { config.profiles[$0] == nil }
            if let first = missing.first {
                return [
                    section.error(
                        "profile\(missing.count == 1 ? "" : "s") \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) "
                            + "\(missing.count == 1 ? "is" : "are") not in \(place)"
                            + hint(first, among: Array(config.profiles.keys)), key: "profiles")
                ]
            }
        }
        if session == nil, let profile, config.profiles[profile] == nil {
            return [
                section.error(
                    "profile \"\(profile)\" is not in \(place)" + hint(profile, among: Array(config.profiles.keys)),
                    key: "profile")
            ]
        }
        do {
            _ = try WatchedSession.resolve(
                [SessionSelection(settings(from: section))], in: config, environment: context.environment)
        } catch {
            return [section.error("\(error.description) (in \(place))", key: key)]
        }
        return []
    }

    private static func hint(_ name: String, among names: [String]) -> String {
        if let near = KeySuggestion.nearest(to: name, in: names.sorted()) { return "; did you mean \"\(near)\"?" }
        return names.isEmpty ? "" : " (it has: \(names.sorted().prefix(8).joined(separator: ", ")))"
    }
}
