#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The latest login request of one target, as the engine remembers it: which authorization it
/// is (its link), its number, and whether its closing event went out.
public struct LoginRequest: Sendable, Codable, Equatable {
    /// Counts the target's login requests: the events' `episode`.
    public var number: Int
    /// The authorization's link (its code and end identify it; never a secret).
    public var link: LoginLink
    /// When it was announced.
    public var openedAt: Date
    /// `requested` while open; how it ended once closed.
    public var phase: LoginPhase

    /// Creates a record.
    public init(number: Int, link: LoginLink, openedAt: Date, phase: LoginPhase = .requested) {
        self.number = number
        self.link = link
        self.openedAt = openedAt
        self.phase = phase
    }

    /// Whether `other` is this request's authorization.
    public func isSame(as other: LoginLink) -> Bool {
        link.userCode == other.userCode && link.expiresAt == other.expiresAt
    }
}
