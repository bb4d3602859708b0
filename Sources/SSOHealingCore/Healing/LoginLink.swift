#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A link a person opens to approve a login for this machine (an SSO OIDC device authorization),
/// with the code the page shows and when the link stops working.
///
/// Events carry it in three well-known `details` keys (``urlKey``, ``userCodeKey``,
/// ``expiresAtKey``), so notifiers that know nothing of it still pass it on, and each notifier
/// that does shows it in its own way (a button, a line of text). The link and the code are meant
/// for people; the device code behind them is a secret and never leaves the state directory.
///
/// Whoever approves the link logs this machine in as themselves: channels that should not get it
/// set `carry_login_links = false`, and the engine removes it from their events.
public struct LoginLink: Sendable, Equatable, Codable {
    /// The `details` key of the link (SSO OIDC's `verificationUriComplete`).
    public static let urlKey = "login_url"
    /// The `details` key of the code the approval page shows.
    public static let userCodeKey = "login_user_code"
    /// The `details` key of the moment the link stops working.
    public static let expiresAtKey = "login_expires_at"
    /// Every `details` key that belongs to a login link.
    public static let detailKeys: Set<String> = [urlKey, userCodeKey, expiresAtKey]

    /// The link to open (the code already filled in).
    public var url: String
    /// The code the approval page shows, to compare with this one.
    public var userCode: String
    /// When the link stops working.
    public var expiresAt: Date

    /// Creates a link.
    public init(url: String, userCode: String, expiresAt: Date) {
        self.url = url
        self.userCode = userCode
        self.expiresAt = expiresAt
    }

    /// The link read from an event's or result's `details`; `nil` without a URL and a code.
    public init?(details: [String: String]) {
        guard let url = details[Self.urlKey], !url.isEmpty, let code = details[Self.userCodeKey], !code.isEmpty,
            let expiresAt = details[Self.expiresAtKey].flatMap(Timestamp.parse)
        else { return nil }
        self.init(url: url, userCode: code, expiresAt: expiresAt)
    }

    /// The link as `details` entries.
    public var details: [String: String] {
        [Self.urlKey: url, Self.userCodeKey: userCode, Self.expiresAtKey: Timestamp.string(expiresAt)]
    }

    /// One line for text channels: `approve the login: URL (code ABCD-EFGH, until 2026-11-27T15:14:05Z)`.
    public var sentence: String {
        "approve the login: \(url) (code \(userCode), until \(Timestamp.string(expiresAt)))"
    }
}

extension AlertEvent {
    /// The login link the event carries, if any.
    public var loginLink: LoginLink? { LoginLink(details: details) }

    /// The event's details without the login link's keys (for notifiers that show the link apart).
    public var detailsWithoutLoginLink: [String: String] {
        details.filter { !LoginLink.detailKeys.contains($0.key) }
    }

    /// The same event with no login link, for channels with `carry_login_links = false`.
    public func withoutLoginLink() -> AlertEvent {
        var event = self
        event.details = detailsWithoutLoginLink
        return event
    }
}
