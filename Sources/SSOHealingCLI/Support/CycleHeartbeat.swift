import Logging
import SSOHealingCore
import SSOHealingHTTP

/// Pings the `[daemon] heartbeat_url`, when one is set, around each daemon cycle and each
/// `check` run: `/start` as a cycle begins (with `heartbeat_start`), then what it came to, with
/// the cycle's one-line summary as the body (with `heartbeat_log`), redacted.
///
/// Pings go through one ``HeartbeatSender``: a cycle never waits for the monitor; ``flush()``
/// waits for the last ping before the process exits.
final class CycleHeartbeat: Sendable {
    private let sender: HeartbeatSender
    private let logger: Logger

    init(logger: Logger) {
        self.logger = logger
        self.sender = HeartbeatSender(logger: logger)
    }

    /// Pings `/start`, when the configuration asks for it.
    func cycleStarting(_ engine: AlertEngine) {
        let daemon = engine.runtime.configuration.daemon
        guard let url = daemon.heartbeatURL, daemon.heartbeatStart else { return }
        sender.submit(Heartbeat(url: url, logger: logger), .start)
    }

    /// Pings what a cycle with `outcomes` came to: the URL when every target is ok, `/<exit status>`
    /// otherwise. The daemon's own target (a disabled channel) is told through the channels that
    /// work, and counts here no more than in `check`'s exit status.
    func report(_ outcomes: [ProbeOutcome], of engine: AlertEngine) {
        let own = Set(engine.runtime.probes.filter(\.isConfigurationHealth).map(\.target.name))
        let probed = outcomes.filter { !own.contains($0.name) }
        send(Heartbeat.signal(for: probed), line: CycleSummary.line(probed), of: engine)
    }

    /// Pings `/3` (unknown) after a cycle that could not run.
    func reportFailure(of engine: AlertEngine, reason: String) {
        send(.failure(exitStatus: 3), line: "the probe cycle could not run: \(reason)", of: engine)
    }

    /// Waits until the last ping is sent (or failed).
    func flush() async {
        await sender.flush()
    }

    private func send(_ signal: Heartbeat.Signal, line: String, of engine: AlertEngine) {
        let configuration = engine.runtime.configuration
        guard let url = configuration.daemon.heartbeatURL else { return }
        let body = configuration.daemon.heartbeatLog ? configuration.redactor.redact(line) : nil
        sender.submit(Heartbeat(url: url, logger: logger), signal, body: body)
    }
}
