import SSOHealingCore

/// Runs one program per event: the event's JSON on stdin, its fields in `SSO_SELF_HEALING_*` variables.
struct ExecChannel: Notifier {
    /// How much of each output stream is kept: reasons quote one line of standard error.
    static let maxOutputBytes = 64 * 1024
    /// `EX_TEMPFAIL` from `sysexits.h`: a passing failure, try again later.
    static let temporaryFailure: Int32 = 75

    let command: [String]
    let environment: [String: String]
    let timeout: Duration
    let processEnvironment: [String: String]

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let program = command.first?.split(separator: "/").last.map(String.init) ?? ""
        let json = event.jsonString()
        var variables = processEnvironment
        variables.merge(environment) { _, configured in configured }
        variables.merge(EventEnvironment.variables(for: event)) { _, fromEvent in fromEvent }
        let output: ProcessOutput
        do {
            output = try await ProcessRunner.run(
                command, stdin: Array((json + "\n").utf8), environment: variables, timeout: timeout,
                maxOutputBytes: Self.maxOutputBytes)
        } catch {
            return error.isTransient
                ? .retry(after: nil, reason: error.description) : .failed(reason: error.description)
        }
        if output.timedOut {
            let reason =
                output.cancelled
                ? "\(program) was stopped: the delivery was cancelled"
                : "\(program) timed out after \(ConfigDuration.format(timeout)); its process group was killed"
            return .retry(after: nil, reason: reason)
        }
        guard let status = output.exitStatus else {
            return .failed(reason: "\(program) was killed by signal \(output.signal ?? 0)")
        }
        let excerpt = ErrorExcerpt.excerpt(
            of: output.firstStderrLine, hiding: environment.values, repeating: json, inputName: "the event")
        let suffix = excerpt.map { ": \($0)" } ?? ""
        switch status {
        case 0:
            return .delivered
        case Self.temporaryFailure:
            return .retry(after: nil, reason: "\(program) exited with status 75 (temporary failure)\(suffix)")
        default:
            return .failed(reason: "\(program) exited with status \(status)\(suffix)")
        }
    }
}
