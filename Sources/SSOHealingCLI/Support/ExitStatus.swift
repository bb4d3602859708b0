import ArgumentParser
import SSOHealingCore

/// Exit statuses the commands use.
enum ExitStatus {
    /// EX_CONFIG from sysexits.h: a bad configuration.
    static let configurationError: Int32 = 78
    /// EX_TEMPFAIL from sysexits.h: try again later.
    static let temporaryFailure: Int32 = 75
    /// Nagios UNKNOWN.
    static let unknown: Int32 = 3

    /// The Nagios exit status for a set of states: 2 if any expired, else 1 if any degraded,
    /// else 3 if any unknown (or none at all), else 0.
    static func nagios(_ states: [HealthState]) -> Int32 {
        if states.contains(.expired) { return 2 }
        if states.contains(.degraded) { return 1 }
        if states.isEmpty || states.contains(.unknown) { return 3 }
        return 0
    }
}
