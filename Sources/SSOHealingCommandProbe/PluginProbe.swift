import SSOHealingCore

/// Runs one Nagios-style plugin per check.
struct PluginProbe: Probe {
    /// How much of each output stream is kept: the first line is all that matters.
    static let maxOutputBytes = 64 * 1024

    let command: [String]
    let timeout: Duration
    let remedy: String?
    let workingDirectory: String?
    let environment: [String: String]

    func check() async -> ProbeResult {
        let start = ContinuousClock.now
        let program = PluginOutput.programName(command.first ?? "")
        do {
            let output = try await ProcessRunner.run(
                command, environment: environment, timeout: timeout, maxOutputBytes: Self.maxOutputBytes,
                workingDirectory: workingDirectory)
            let latency = output.duration.secondsValue
            if output.timedOut {
                let summary =
                    output.cancelled
                    ? "\(program) was stopped: the check was cancelled"
                    : "timed out after \(ConfigDuration.format(timeout))"
                return ProbeResult(state: .unknown, summary: summary, remedy: remedy, latencySeconds: latency)
            }
            let plugin = PluginOutput(output, program: program)
            // A plug-in may print its own arguments, a password among them: the result is
            // stored and sent, so it hides them as every output does.
            let redactor = Redactor(secrets: [String](), arguments: command.dropFirst())
            return ProbeResult(
                state: plugin.state, summary: redactor.redact(plugin.summary),
                remedy: plugin.state == .ok ? nil : remedy, details: plugin.details.mapValues(redactor.redact),
                latencySeconds: latency)
        } catch {
            return ProbeResult(
                state: .unknown, summary: error.description, remedy: remedy,
                latencySeconds: start.duration(to: .now).secondsValue)
        }
    }
}
