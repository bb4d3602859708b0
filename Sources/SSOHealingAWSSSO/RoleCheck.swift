#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The last check of one profile's role: whether the SSO portal issued its credentials.
struct RoleCheck: Codable, Sendable, Equatable {
    /// The profile's account.
    var accountID: String
    /// The profile's role.
    var roleName: String
    /// When the portal answered.
    var at: Date
    /// `ok`, or why not (never a secret).
    var result: String

    /// Whether the role's credentials were issued.
    var granted: Bool { result == "ok" }
}
