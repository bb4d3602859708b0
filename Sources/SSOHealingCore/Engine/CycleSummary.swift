/// One line that says what a probe cycle came to, for a heartbeat's log, systemd's `STATUS=`
/// and the like: `all 2 targets ok`, or `1 of 2 targets not ok: corp expired (…)`.
///
/// Each target counts with its state after the thresholds, or this run's result while it is
/// still below them on its first results (as `check`'s exit status does). Line breaks and other
/// control characters in a probe's summary become spaces; secrets are the caller's to redact.
public enum CycleSummary {
    /// The line for `outcomes`.
    public static func line(_ outcomes: [ProbeOutcome]) -> String {
        guard !outcomes.isEmpty else { return "no probes configured" }
        let states = outcomes.map { state(of: $0) }
        let failing = zip(outcomes, states).filter { $0.1 != .ok }
        let noun = outcomes.count == 1 ? "target" : "targets"
        guard !failing.isEmpty else {
            return outcomes.count == 1 ? "1 target ok" : "all \(outcomes.count) \(noun) ok"
        }
        let parts = failing.map { outcome, state in
            "\(outcome.name) \(state.rawValue) (\(oneLine(outcome.result.summary)))"
        }
        return "\(failing.count) of \(outcomes.count) \(noun) not ok: " + parts.joined(separator: "; ")
    }

    /// The state `outcome` counts with.
    public static func state(of outcome: ProbeOutcome) -> HealthState {
        outcome.state == .unknown ? HealthTracker.effectiveState(of: outcome.result.state) : outcome.state
    }

    /// `text` with every control character (line breaks included) replaced by a space.
    static func oneLine(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : $0 }))
    }
}
