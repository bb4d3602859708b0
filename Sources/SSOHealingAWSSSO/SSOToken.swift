import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// One token cache document: the JSON object the AWS CLI keeps in `~/.aws/sso/cache`, with every
/// key in its order, unknown keys included, so that writing it back loses nothing.
///
/// Its descriptions show key names only: the values are credentials.
struct SSOToken: Sendable, Equatable, CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    /// The keys and values in file order.
    private(set) var fields: [(String, JSONValue)]

    /// A token from its fields.
    init(fields: [(String, JSONValue)]) {
        self.fields = fields
    }

    /// Parses a cache file's text; `nil` with the reason when it is not a token botocore would load
    /// (a JSON object with string `accessToken` and `expiresAt`, the latter a date).
    static func parse(_ data: Data) -> Result<SSOToken, ParseFailure> {
        guard let value = JSONValue.parse(String(decoding: data, as: UTF8.self)) else {
            return .failure(ParseFailure(reason: "not valid JSON"))
        }
        guard case .object(let fields) = value else { return .failure(ParseFailure(reason: "not a JSON object")) }
        let token = SSOToken(fields: fields)
        guard token.accessToken != nil else { return .failure(ParseFailure(reason: "no accessToken")) }
        guard let expiresAt = token.string("expiresAt") else { return .failure(ParseFailure(reason: "no expiresAt")) }
        guard CacheDate.parse(expiresAt) != nil else {
            return .failure(ParseFailure(reason: "expiresAt is not a date"))
        }
        return .success(token)
    }

    /// Why a cache file is not a usable token.
    struct ParseFailure: Error, Sendable, Equatable {
        /// A short phrase, naming keys but never values.
        var reason: String
    }

    /// The string value of `key`, if it is a string.
    func string(_ key: String) -> String? {
        fields.first { $0.0 == key }?.1.stringValue
    }

    /// Whether `key` is present, whatever its value.
    func contains(_ key: String) -> Bool { fields.contains { $0.0 == key } }

    /// The bearer token for the SSO portal.
    var accessToken: String? { string("accessToken") }
    /// When the access token expires.
    var expiresAt: Date? { string("expiresAt").flatMap(CacheDate.parse) }
    /// The token that `CreateToken` exchanges for a new access token.
    var refreshToken: String? { string("refreshToken") }
    /// The registered client's id.
    var clientID: String? { string("clientId") }
    /// The registered client's secret.
    var clientSecret: String? { string("clientSecret") }
    /// When the client registration ends, as written.
    var registrationExpiresAtText: String? { string("registrationExpiresAt") }
    /// When the client registration ends.
    var registrationExpiresAt: Date? { registrationExpiresAtText.flatMap(CacheDate.parse) }
    /// The start URL the token is for.
    var startURL: String? { string("startUrl") }

    /// The keys botocore needs to refresh that this token lacks (values are never named).
    var missingRefreshKeys: [String] {
        ["refreshToken", "clientId", "clientSecret", "registrationExpiresAt"].filter { string($0) == nil }
    }

    /// Sets `key` to `value`, in place when present, else at the end.
    mutating func set(_ key: String, _ value: JSONValue) {
        if let index = fields.firstIndex(where: { $0.0 == key }) {
            fields[index].1 = value
        } else {
            fields.append((key, value))
        }
    }

    /// The token after a successful `CreateToken`: new access token and expiry, and the rotated
    /// refresh token when one was returned (the old one is kept otherwise). Every other key stays.
    func refreshed(accessToken: String, expiresAt: Date, refreshToken: String?) -> SSOToken {
        var token = self
        token.set("accessToken", .string(accessToken))
        token.set("expiresAt", .string(CacheDate.string(expiresAt)))
        if let refreshToken { token.set("refreshToken", .string(refreshToken)) }
        return token
    }

    /// The document as JSON text.
    var serialized: Data { Data(JSONValue.object(fields).serialized().utf8) }

    static func == (lhs: SSOToken, rhs: SSOToken) -> Bool {
        JSONValue.object(lhs.fields) == JSONValue.object(rhs.fields)
    }

    /// The key names, never the values.
    var description: String { "SSOToken(keys: \(fields.map(\.0).joined(separator: ", ")))" }

    /// Same as `description`.
    var debugDescription: String { description }

    /// A mirror showing key names only, so `dump` cannot reveal a token.
    var customMirror: Mirror { Mirror(self, unlabeledChildren: fields.map(\.0), displayStyle: .collection) }
}

/// Dates in token cache files: written as the AWS CLI writes them (`2026-11-27T15:04:05Z`), read
/// in the forms CLIs have written (`Z`, `UTC`, `+00:00`, other offsets, fractional seconds).
enum CacheDate {
    /// `date` as `YYYY-MM-DDTHH:MM:SSZ`.
    static func string(_ date: Date) -> String { Timestamp.string(date) }

    /// Parses a cache date; `nil` when it is not one.
    static func parse(_ text: String) -> Date? {
        let trimmed = text.trimmingWhitespace()
        if let date = Timestamp.parse(trimmed) { return date }
        // An offset other than zero: `+02:00`, `-0500`.
        guard trimmed.count > 19 else { return nil }
        let scalars = Array(trimmed.unicodeScalars)
        guard let sign = scalars.lastIndex(where: { $0 == "+" || $0 == "-" }), sign >= 19 else { return nil }
        let offsetText = String(String.UnicodeScalarView(scalars[(sign + 1)...])).replacing(":", with: "")
        guard offsetText.count == 4, let hours = Int(offsetText.prefix(2)), let minutes = Int(offsetText.suffix(2)),
            hours < 24, minutes < 60
        else { return nil }
        let base = String(String.UnicodeScalarView(scalars[..<sign])) + "Z"
        guard let local = Timestamp.parse(base) else { return nil }
        let offset = Double(hours * 3600 + minutes * 60) * (scalars[sign] == "+" ? 1 : -1)
        return local.addingTimeInterval(-offset)
    }
}
