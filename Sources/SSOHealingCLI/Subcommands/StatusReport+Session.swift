import SSOHealingAWSSSO
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What `status` shows of an aws-sso target: the session's dates and each profile's role check.
extension StatusReport {
    /// The session's facts, in the order `status` prints them.
    static let sessionKeys = [
        "start_url", "access_token_expires_at", "session_expires_at", "registration_expires_at", "last_refresh",
        "last_known_good",
    ]

    /// The text lines for the session of `record` and its `profiles`.
    static func sessionLines(_ record: TargetRecord, profiles: [ProfileRoleStatus], now: Date) -> [String] {
        var lines: [String] = []
        if !profiles.isEmpty { lines.append("  profiles:") }
        for profile in profiles {
            lines.append(
                "    \(profile.name): account \(profile.accountID), role \(profile.roleName), role check "
                    + "\(profile.result) at \(Timestamp.string(profile.checkedAt))"
                    + relative(Timestamp.string(profile.checkedAt), now: now))
        }
        return lines
    }

    /// The `session` object of an aws-sso target in `status --json`.
    static func sessionJSON(_ record: TargetRecord, profiles: [ProfileRoleStatus]) -> JSONValue {
        let details = record.lastResult?.details ?? [:]
        var pairs: [(String, JSONValue)] = sessionKeys.map { key in (key, details[key].map(JSONValue.string) ?? .null) }
        pairs.append(
            (
                "profiles",
                .array(
                    profiles.map { profile in
                        .object([
                            ("name", .string(profile.name)), ("account_id", .string(profile.accountID)),
                            ("role_name", .string(profile.roleName)),
                            (
                                "last_role_check",
                                .object([
                                    ("at", .string(Timestamp.string(profile.checkedAt))),
                                    ("result", .string(profile.result)),
                                ])
                            ),
                        ])
                    })
            ))
        return .object(pairs)
    }
}
