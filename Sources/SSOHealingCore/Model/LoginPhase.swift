#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Where a login request started by `sso-self-healing login` stands, as its events say it.
///
/// A login request is its own event (`kind` `login`, severity `info`), not a change of the
/// target's state: one opening event (`requested`) per device authorization, and one closing
/// event (`approved`, `denied` or `expired`) when the authorization ends.
public enum LoginPhase: String, Sendable, Codable, CaseIterable {
    /// A person was asked to approve the login: the event carries the link.
    case requested
    /// The login was approved: the session is renewed.
    case approved
    /// The login was refused (denied, or the service rejected it) before its link expired.
    case denied
    /// The link expired unapproved.
    case expired

    /// Whether this phase closes the request.
    public var isClosing: Bool { self != .requested }

    /// The mark text channels put first: 🔑 requested, ✅ approved, ⛔ denied, ⌛ expired.
    public var marker: String {
        switch self {
        case .requested: "🔑"
        case .approved: "✅"
        case .denied: "⛔"
        case .expired: "⌛"
        }
    }

    /// `login requested`, `login approved`, …: what a headline says.
    public var phrase: String { "login \(rawValue)" }
}
