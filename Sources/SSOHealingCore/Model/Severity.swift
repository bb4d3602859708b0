/// How urgent an event is: `info` for a return to ok, `warning` for degraded, `critical` for expired.
public enum Severity: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Nothing needs doing (a return to ok).
    case info
    /// Someone should know (degraded).
    case warning
    /// A person must act (expired).
    case critical

    private var rank: Int {
        switch self {
        case .info: 0
        case .warning: 1
        case .critical: 2
        }
    }

    /// Less urgent: `info` < `warning` < `critical`, as `min_severity` compares them.
    public static func < (lhs: Severity, rhs: Severity) -> Bool { lhs.rank < rhs.rank }
}
