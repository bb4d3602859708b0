import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// An AWS CLI setup in a (temporary) home directory that points at a ``FakeAWS``: an AWS config
/// with a profile and its `sso-session`, endpoints given by a `[services]` section or by
/// `AWS_ENDPOINT_URL_*` variables, and a token cache written exactly as the AWS CLI writes it.
///
/// ```swift
/// let aws = try FakeAWS()
/// let setup = FakeAWSProfile(home: temporaryDirectory)
/// let session = aws.startSession(client: aws.registerClient())
/// aws.assignRole(setup.assignment)
/// try setup.writeConfig(for: aws)
/// try setup.writeTokenCache(session)
/// // run `aws sts get-caller-identity --profile fake` with setup.environment(for: aws)
/// ```
public struct FakeAWSProfile: Sendable {
    /// How the configuration points the CLI at the fake.
    public enum Endpoints: Sendable, Equatable {
        /// A `[services NAME]` section that the profile names.
        case servicesSection
        /// `AWS_ENDPOINT_URL_SSO_OIDC`, `AWS_ENDPOINT_URL_SSO` and `AWS_ENDPOINT_URL_STS`.
        case environment
        /// Nowhere: the real AWS hosts (for tests that never reach them).
        case none
    }

    /// How the cache's dates are written.
    public enum DateStyle: Sendable, Equatable {
        /// `2026-11-27T15:04:05Z`, as current CLIs write.
        case zulu
        /// `2026-11-27T15:04:05UTC`, as older CLIs wrote.
        case utc
    }

    /// The home directory (`HOME`).
    public var home: String
    /// The profile's name.
    public var profile: String
    /// The `sso-session` section's name.
    public var sessionName: String
    /// The AWS access portal URL.
    public var startURL: String
    /// The IAM Identity Center region.
    public var region: String
    /// The profile's account.
    public var accountID: String
    /// The profile's role.
    public var roleName: String
    /// How the configuration points at the fake.
    public var endpoints: Endpoints
    /// Whether the profile is a legacy one (`sso_start_url` on the profile, no `sso_session`).
    public var legacy: Bool
    /// The AWS config file: `HOME/.aws/config` unless given elsewhere (as `AWS_CONFIG_FILE` names one).
    public var configPath: String
    /// More profiles on the same session (or, legacy, the same start URL), each with its own
    /// account and role, written after the first.
    public var otherProfiles: [OtherProfile] = []

    /// A further profile on the setup's session.
    public struct OtherProfile: Sendable, Equatable {
        /// The profile's name.
        public var name: String
        /// Its account.
        public var accountID: String
        /// Its role.
        public var roleName: String

        /// Creates a profile.
        public init(name: String, accountID: String, roleName: String) {
            self.name = name
            self.accountID = accountID
            self.roleName = roleName
        }

        /// Its role, to assign on the fake.
        public var assignment: FakeRoleAssignment { FakeRoleAssignment(accountID: accountID, roleName: roleName) }
    }

    /// Creates a setup under `home`.
    public init(
        home: String, profile: String = "fake", sessionName: String = "fake-session",
        startURL: String = "https://d-9067fake00.awsapps.com/start", region: String = "us-east-1",
        accountID: String = "111122223333", roleName: String = "FakeRole", endpoints: Endpoints = .environment,
        legacy: Bool = false, configPath: String? = nil
    ) {
        self.home = home
        self.configPath = configPath ?? home + "/.aws/config"
        self.profile = profile
        self.sessionName = sessionName
        self.startURL = startURL
        self.region = region
        self.accountID = accountID
        self.roleName = roleName
        self.endpoints = endpoints
        self.legacy = legacy
    }

    /// The profile's role, to assign on the fake.
    public var assignment: FakeRoleAssignment { FakeRoleAssignment(accountID: accountID, roleName: roleName) }

    /// Every profile's name, the first one's first.
    public var profileNames: [String] { [profile] + otherProfiles.map(\.name) }

    /// Every profile's role.
    public var assignments: [FakeRoleAssignment] { [assignment] + otherProfiles.map(\.assignment) }

    /// The token cache file: `HOME/.aws/sso/cache/<sha1 of the session name, or of the start URL
    /// for a legacy profile>.json`.
    public var cachePath: String { home + "/.aws/sso/cache/" + SHA1.hex(legacy ? startURL : sessionName) + ".json" }

    /// The configuration text for `aws`.
    public func configText(for aws: FakeAWS) -> String {
        var text = "[profile \(profile)]\n"
        if legacy {
            text += "sso_start_url = \(startURL)\nsso_region = \(region)\n"
        } else {
            text += "sso_session = \(sessionName)\n"
        }
        text += "sso_account_id = \(accountID)\nsso_role_name = \(roleName)\nregion = \(region)\noutput = json\n"
        if endpoints == .servicesSection { text += "services = \(profile)-fake-endpoints\n" }
        for other in otherProfiles {
            text += "\n[profile \(other.name)]\n"
            text += legacy ? "sso_start_url = \(startURL)\nsso_region = \(region)\n" : "sso_session = \(sessionName)\n"
            text += "sso_account_id = \(other.accountID)\nsso_role_name = \(other.roleName)\nregion = \(region)\n"
            if endpoints == .servicesSection { text += "services = \(profile)-fake-endpoints\n" }
        }
        if !legacy {
            text += "\n[sso-session \(sessionName)]\nsso_start_url = \(startURL)\nsso_region = \(region)\n"
            text += "sso_registration_scopes = sso:account:access\n"
        }
        if endpoints == .servicesSection {
            text += "\n[services \(profile)-fake-endpoints]\n"
            text += "sso_oidc =\n  endpoint_url = \(aws.oidcURL)\n"
            text += "sso =\n  endpoint_url = \(aws.portalURL)\n"
            text += "sts =\n  endpoint_url = \(aws.stsURL)\n"
        }
        return text
    }

    /// Writes the AWS config file (mode 0600), making its folder (0700) when missing.
    public func writeConfig(for aws: FakeAWS) throws {
        try Self.makeDirectory(PathString.parent(of: configPath))
        try Data(configText(for: aws).utf8).write(to: URL(fileURLWithPath: configPath))
        chmod(configPath, 0o600)
    }

    /// The variables the AWS CLI (or the probe) needs to use this setup, on top of `base`: `HOME`,
    /// `AWS_CONFIG_FILE`, a credentials file that does not exist, no instance metadata, and the
    /// endpoint variables when ``endpoints`` is `.environment`. Variables that would point
    /// elsewhere (`AWS_PROFILE`, keys, other endpoints) are removed.
    public func environment(
        for aws: FakeAWS, base: [String: String] = ProcessInfo.processInfo.environment
    ) -> [String: String] {
        // A headless machine, whatever runs the tests: no desktop, no SSH session (remedies
        // depend on both).
        let machine: Set<String> = ["DISPLAY", "WAYLAND_DISPLAY", "SSH_CONNECTION", "SSH_CLIENT", "SSH_TTY"]
        var environment = base.filter { key, _ in
            !(key.hasPrefix("AWS_") || key == "HOME" || machine.contains(key))
        }
        environment["HOME"] = home
        environment["AWS_CONFIG_FILE"] = configPath
        environment["AWS_SHARED_CREDENTIALS_FILE"] = home + "/.aws/credentials"
        environment["AWS_EC2_METADATA_DISABLED"] = "true"
        if endpoints == .environment {
            environment["AWS_ENDPOINT_URL_SSO_OIDC"] = aws.oidcURL
            environment["AWS_ENDPOINT_URL_SSO"] = aws.portalURL
            environment["AWS_ENDPOINT_URL_STS"] = aws.stsURL
        }
        return environment
    }

    /// Writes the token cache for `session` as `aws sso login` does (Python's `json.dumps` text, in
    /// the CLI's key order, via a temporary file renamed into place, mode 0600). `accessTokenExpiresAt`
    /// overrides the date written (the fake's own record keeps the session's); `includeRefresh`
    /// leaves out the refresh token and registration for an old-style cache.
    @discardableResult
    public func writeTokenCache(
        _ session: FakeSSOSession, accessTokenExpiresAt: Date? = nil, dateStyle: DateStyle = .zulu,
        includeRefresh: Bool = true
    ) throws -> String {
        var fields: [(String, String)] = [
            ("startUrl", startURL), ("region", region), ("accessToken", session.accessToken),
            ("expiresAt", Self.date(accessTokenExpiresAt ?? session.accessTokenExpiresAt, dateStyle)),
        ]
        if includeRefresh && !legacy {
            fields += [
                ("clientId", session.client.id), ("clientSecret", session.client.secret),
                ("registrationExpiresAt", Self.date(session.client.expiresAt, dateStyle)),
                ("refreshToken", session.refreshToken),
            ]
        }
        try writeCacheFile(fields)
        return cachePath
    }

    /// Writes the cache file with `fields` in order, as botocore's `JSONFileCache` does.
    public func writeCacheFile(_ fields: [(String, String)]) throws {
        let text =
            "{" + fields.map { "\(Self.pythonJSON($0.0)): \(Self.pythonJSON($0.1))" }.joined(separator: ", ") + "}"
        let directory = PathString.parent(of: cachePath)
        try Self.makeDirectory(home + "/.aws/sso")
        try Self.makeDirectory(directory)
        let temporary = directory + "/tmp\(UUID().uuidString.prefix(8)).tmp"
        guard
            FileManager.default.createFile(
                atPath: temporary, contents: Data(text.utf8), attributes: [.posixPermissions: 0o600]),
            rename(temporary, cachePath) == 0
        else {
            throw CocoaError(.fileWriteUnknown)
        }
    }

    /// A date as the CLI writes it.
    static func date(_ date: Date, _ style: DateStyle) -> String {
        Timestamp.dateAndTime(date) + (style == .zulu ? "Z" : "UTC")
    }

    /// A string as Python's `json.dumps` writes it (ASCII only, `\uXXXX` escapes).
    static func pythonJSON(_ text: String) -> String {
        var output = "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x08: output += "\\b"
            case 0x0C: output += "\\f"
            case 0x20..<0x7F: output.unicodeScalars.append(Unicode.Scalar(unit)!)
            default: output += "\\u" + PaddedNumber.hex(unit, width: 4)
            }
        }
        return output + "\""
    }

    private static func makeDirectory(_ path: String) throws {
        try FileManager.default.createDirectory(
            atPath: path, withIntermediateDirectories: true, attributes: [.posixPermissions: 0o700])
    }
}
