/// Exit statuses the commands use.
enum ExitStatus {
    /// EX_CONFIG from sysexits.h: a bad configuration.
    static let configurationError: Int32 = 78
    /// EX_TEMPFAIL from sysexits.h: try again later.
    static let temporaryFailure: Int32 = 75
}
