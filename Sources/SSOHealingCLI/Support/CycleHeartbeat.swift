import Logging
import SSOHealingCore
import SSOHealingHTTP

/// Pings the `[daemon] heartbeat_url`, when one is set, after each daemon cycle and each `check`
/// run: what a cycle came to, for a dead man's switch.
enum CycleHeartbeat {
    /// Pings the configured heartbeat, if any: success when every probed target is ok, `/fail`
    /// otherwise. The daemon's own target (a disabled channel) is told through the channels that
    /// work, and counts here no more than in `check`'s exit status.
    static func report(_ outcomes: [ProbeOutcome], of engine: AlertEngine, logger: Logger) async {
        guard let url = engine.runtime.configuration.daemon.heartbeatURL else { return }
        let own = Set(engine.runtime.probes.filter(\.isConfigurationHealth).map(\.target.name))
        await Heartbeat(url: url, logger: logger).report(outcomes.filter { !own.contains($0.name) })
    }

    /// Pings `/fail` after a cycle that could not run.
    static func reportFailure(of engine: AlertEngine, logger: Logger) async {
        guard let url = engine.runtime.configuration.daemon.heartbeatURL else { return }
        await Heartbeat(url: url, logger: logger).ping(.failure)
    }
}
