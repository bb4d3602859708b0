import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The AWS CLI v2's cache file for an SSO OIDC client registration, beside the token cache:
/// `~/.aws/sso/cache/<sha1>.json`, where the hash is of `json.dumps({"region", "scopes",
/// "session_name", "startUrl", "tool": "botocore"}, sort_keys=True)` (botocore's
/// `BaseSSOTokenFetcher._registration_cache_key`), holding `clientId`, `clientSecret`,
/// `expiresAt` (`YYYY-MM-DDTHH:MM:SSZ`) and, when scopes were configured, `scopes`.
///
/// `aws sso login` reuses a registration it finds here until 15 minutes before its end, so a
/// registration we make and write here is the one the CLI (and later logins) use.
struct RegistrationCache: Sendable {
    /// How close to its end a registration is no longer used (botocore's `_EXPIRY_WINDOW`).
    static let expiryWindow: TimeInterval = 15 * 60

    /// The file's path.
    let path: String
    /// The scopes as the AWS config gives them (`nil` when not configured): part of the key, and
    /// written into the file when not empty.
    let scopes: [String]?

    /// The registration cache of the session `sessionName` (`nil` for a legacy profile) at
    /// `startURL` in `region`, for `scopes`, under `home`.
    init(home: String, startURL: String, sessionName: String?, region: String, scopes: [String]?) {
        self.scopes = scopes
        path =
            TokenCache.directory(home: home) + "/"
            + Self.key(
                startURL: startURL, sessionName: sessionName, region: region, scopes: scopes) + ".json"
    }

    /// The registration cache for `profile` under `home`.
    init(home: String, profile: SSOProfile) {
        self.init(
            home: home, startURL: profile.startURL, sessionName: profile.sessionName, region: profile.region,
            scopes: profile.registrationScopes)
    }

    /// botocore's cache key: the SHA-1, in hex, of the sorted JSON of the registration's identity.
    static func key(startURL: String, sessionName: String?, region: String, scopes: [String]?) -> String {
        let arguments = JSONValue.object([
            ("tool", .string("botocore")), ("startUrl", .string(startURL)), ("region", .string(region)),
            ("scopes", scopes.map { .array($0.map(JSONValue.string)) } ?? .null),
            ("session_name", sessionName.map(JSONValue.string) ?? .null),
        ])
        return SHA1.hex(PythonJSON.dumps(arguments, sortKeys: true))
    }

    /// The cached registration when it is one for the device flow and lasts beyond the expiry
    /// window at `now`; `nil` otherwise (missing, unreadable, for the authorization-code flow, …).
    func usableRegistration(at now: Date) -> SSOOIDCClient.Registration? {
        guard let data = FileManager.default.contents(atPath: path),
            let json = JSONValue.parse(String(decoding: data, as: UTF8.self)),
            let id = json["clientId"]?.stringValue, let secret = json["clientSecret"]?.stringValue,
            let expiresAt = json["expiresAt"]?.stringValue.flatMap(CacheDate.parse)
        else { return nil }
        if let grants = json["grantTypes"]?.arrayValue, grants.contains(.string("authorization_code")) { return nil }
        guard expiresAt.timeIntervalSince(now) >= Self.expiryWindow else { return nil }
        return SSOOIDCClient.Registration(clientID: id, clientSecret: secret, expiresAt: expiresAt)
    }

    /// The file's text for `registration`, as the CLI writes it.
    func document(_ registration: SSOOIDCClient.Registration) -> String {
        var fields: [(String, JSONValue)] = [
            ("clientId", .string(registration.clientID)), ("clientSecret", .string(registration.clientSecret)),
            ("expiresAt", .string(CacheDate.string(registration.expiresAt))),
        ]
        if let scopes, !scopes.isEmpty { fields.append(("scopes", .array(scopes.map(JSONValue.string)))) }
        return PythonJSON.dumps(.object(fields))
    }

    /// Writes `registration` atomically with mode 0600, creating the directory (0700) when missing.
    func write(_ registration: SSOOIDCClient.Registration) throws(AtomicFile.WriteError) {
        let directory = PathString.parent(of: path)
        if !FileManager.default.fileExists(atPath: directory) { try AtomicFile.makePrivateDirectory(directory) }
        try AtomicFile.write(Data(document(registration).utf8), to: path, mode: 0o600)
    }
}
