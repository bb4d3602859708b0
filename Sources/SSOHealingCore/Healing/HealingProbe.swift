#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A probe that can heal its target with a person's help: it starts a login whose approval link
/// goes into the alert, and renews the session itself once someone approves.
///
/// The engine asks for a link only when an alert about the expired target is due (the transition
/// or a reminder) and the probe's result carries none, so a link nobody approves is not replaced
/// on every run. Implementations must keep one pending login per target across processes (the
/// daemon and a timer-driven `check` share the state directory) and report the pending one's link
/// in every result's `details` (see ``LoginLink``) while it lasts.
///
/// ```swift
/// struct MyProbe: HealingProbe {
///     var healsAutomatically: Bool { true }
///     func check() async -> ProbeResult { … }               // + LoginLink details while one is pending
///     func startHealing() async -> HealingStatus { … }      // reuse the pending login, or start one
///     func continueHealing() async -> HealingStatus { … }   // poll once if due
/// }
/// ```
public protocol HealingProbe: Probe {
    /// Whether the engine may start a login by itself when the target expires (`heal = …`);
    /// `sso-self-healing login` heals any healing probe regardless.
    var healsAutomatically: Bool { get }

    /// Returns the pending login, or starts one when none is pending.
    func startHealing() async -> HealingStatus

    /// Advances the pending login once, if a poll is due; says where it stands.
    func continueHealing() async -> HealingStatus
}

/// Where a login started by a ``HealingProbe`` stands.
public enum HealingStatus: Sendable, Equatable {
    /// Waiting for a person to approve the link; poll again at `nextPollAt`.
    case pending(LoginLink, nextPollAt: Date)
    /// Approved: the session is renewed; the sentence says so.
    case renewed(String)
    /// The link expired, or was denied, before an approval; the sentence says which.
    case ended(String)
    /// Healing cannot start or go on; the sentence says why and names no secret.
    case failed(String)
    /// No login is under way.
    case idle
}
