/// The health of one probe target.
public enum HealthState: String, Sendable, Hashable, Codable, CaseIterable {
    /// Before the first probe of the target.
    case unknown
    /// Works, and nothing is due soon.
    case ok
    /// Still works or may recover by itself, but someone should know.
    case degraded
    /// Cannot recover without a person.
    case expired

    /// The severity an event entering this state carries.
    public var severity: Severity {
        switch self {
        case .ok, .unknown: .info
        case .degraded: .warning
        case .expired: .critical
        }
    }

    /// The Nagios plugin exit status for this state: 0 ok, 1 degraded, 2 expired, 3 unknown.
    public var nagiosExitCode: Int32 {
        switch self {
        case .ok: 0
        case .degraded: 1
        case .expired: 2
        case .unknown: 3
        }
    }
}
