#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What one probe run found.
public struct ProbeResult: Sendable, Equatable, Codable {
    /// `ok`, `degraded`, `expired`, or `unknown` when the probe could not tell.
    public var state: HealthState
    /// One human sentence; never a secret.
    public var summary: String
    /// The command a person should run, if any.
    public var remedy: String?
    /// Facts such as expiry dates; never a secret.
    public var details: [String: String]
    /// When the probe finished.
    public var at: Date
    /// How long the probe took.
    public var latencySeconds: Double?

    /// Creates a result.
    public init(
        state: HealthState, summary: String, remedy: String? = nil, details: [String: String] = [:],
        at: Date = Date(), latencySeconds: Double? = nil
    ) {
        self.state = state
        self.summary = summary
        self.remedy = remedy
        self.details = details
        self.at = at
        self.latencySeconds = latencySeconds
    }
}
