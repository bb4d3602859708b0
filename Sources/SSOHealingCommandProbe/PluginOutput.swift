import SSOHealingCore

/// What a finished Nagios-style plugin means: its state from the exit status, its summary from
/// the first line of output.
struct PluginOutput: Equatable {
    /// The longest summary kept, in characters; longer ones end in "…".
    static let maxSummaryLength = 500

    /// ok for 0, degraded for 1, expired for 2, unknown for anything else.
    var state: HealthState
    /// The first line without performance data, or a sentence about the exit.
    var summary: String
    /// `exit_status`, and `perfdata` when the first line carries some.
    var details: [String: String]

    /// Interprets a plugin's output; `program` names it in summaries.
    init(_ output: ProcessOutput, program: String) {
        state = Self.state(exitStatus: output.exitStatus)
        let (text, performanceData) = Self.split(output.firstStdoutLine)
        details = [:]
        if let status = output.exitStatus { details["exit_status"] = String(status) }
        if !performanceData.isEmpty { details["perfdata"] = Self.truncated(performanceData) }
        if !text.isEmpty {
            summary = Self.truncated(text)
        } else if let status = output.exitStatus {
            summary = "\(program) exited with status \(status)"
        } else {
            summary = "\(program) was killed by signal \(output.signal ?? 0)"
        }
    }

    /// The Nagios plugin convention: 0 ok, 1 warning (degraded), 2 critical (expired), else unknown.
    static func state(exitStatus: Int32?) -> HealthState {
        switch exitStatus {
        case 0: .ok
        case 1: .degraded
        case 2: .expired
        default: .unknown
        }
    }

    /// A program's name as summaries show it: the last component of its path.
    static func programName(_ program: String) -> String {
        program.split(separator: "/").last.map(String.init) ?? program
    }

    /// The line's text and performance data (after the first `|`), each trimmed.
    private static func split(_ line: String) -> (text: String, performanceData: String) {
        let parts = line.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
        let text = parts.first?.trimmingWhitespaceAndNewlines() ?? ""
        let performanceData = parts.count > 1 ? parts[1].trimmingWhitespaceAndNewlines() : ""
        return (text, performanceData)
    }

    private static func truncated(_ text: String) -> String {
        text.count <= maxSummaryLength ? text : String(text.prefix(maxSummaryLength - 1)) + "…"
    }
}
