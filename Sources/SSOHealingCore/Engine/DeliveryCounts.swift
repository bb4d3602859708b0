/// How many delivery attempts of one channel came to each result, kept in the state so that the
/// counts survive restarts and are shared by the daemon and `check` (the metrics file's
/// `sso_self_healing_deliveries_total`).
public struct DeliveryCounts: Sendable, Codable, Equatable {
    /// Attempts the channel took.
    public var delivered = 0
    /// Attempts to be tried again (the delivery stayed in the outbox).
    public var retried = 0
    /// Attempts that failed for good (the delivery was dropped with a logged reason).
    public var failed = 0
    /// Deliveries dropped unsent because they outlived `outbox_max_age`.
    public var dropped = 0

    /// No attempts.
    public init() {}

    /// Counts one attempt that came to `result`.
    public mutating func count(_ result: DeliveryResult) {
        switch result {
        case .delivered: delivered += 1
        case .retry: retried += 1
        case .failed: failed += 1
        }
    }

    /// Each result's name (the metric's `result` label) and count.
    public var byResult: [(result: String, count: Int)] {
        [("delivered", delivered), ("retried", retried), ("failed", failed), ("dropped", dropped)]
    }
}
