import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// A device authorization as remembered in the state directory
/// (`STATE/aws-sso/<key>.login.json`, 0600, written atomically), so that any process sharing the
/// directory (the daemon, a timer-driven `check`, `login`) can keep polling it and see how it
/// ended.
///
/// While pending it holds the secrets polling needs (the device code and the client's
/// credentials), at the same protection as the AWS CLI's own cache files; they are wiped when it
/// ends. Its descriptions show neither.
struct PendingAuthorization: Codable, Sendable, Equatable, CustomStringConvertible, CustomReflectable {
    /// Where the authorization stands.
    enum Status: String, Codable, Sendable {
        /// Waiting for a person.
        case pending
        /// Approved: the token cache was written.
        case approved
        /// The link expired before anyone approved it.
        case expired
        /// Someone denied it, or the service refused to go on.
        case denied
        /// The session works again by other means (an `aws sso login`): it is no longer needed.
        case superseded
    }

    /// The format's version.
    var version = 1
    /// Where it stands.
    var status: Status
    /// When it was started.
    var startedAt: Date
    /// What people get: the link, the code and when the link ends.
    var link: LoginLink
    /// The polling interval in seconds (grows by 5 on each `slow_down`).
    var interval: Int
    /// Not polled before this moment.
    var nextPollAt: Date
    /// When it stopped being pending.
    var endedAt: Date?
    /// Why it ended, for people.
    var endReason: String?
    /// The secret the service exchanges for a token; `nil` once ended.
    var deviceCode: String?
    /// The registered client's id; `nil` once ended.
    var clientID: String?
    /// The registered client's secret; `nil` once ended.
    var clientSecret: String?
    /// When the client registration ends (written into the token cache).
    var registrationExpiresAt: Date
    /// Whether a check has reported the renewal (so it is reported once, as "session renewed").
    var renewalReported: Bool?

    /// Whether it still waits for a person at `now`.
    func isPending(at now: Date) -> Bool { status == .pending && link.expiresAt > now }

    /// Marks it ended with `status` at `now`, wiping the secrets.
    mutating func end(_ status: Status, reason: String, at now: Date) {
        self.status = status
        endedAt = now
        endReason = reason
        deviceCode = nil
        clientID = nil
        clientSecret = nil
    }

    var description: String {
        "PendingAuthorization(status: \(status.rawValue), userCode: \(link.userCode), "
            + "expiresAt: \(Timestamp.string(link.expiresAt)), interval: \(interval))"
    }

    var customMirror: Mirror { Mirror(self, children: ["summary": description]) }
}
