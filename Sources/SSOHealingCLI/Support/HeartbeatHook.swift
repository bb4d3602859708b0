import Logging
import SSOHealingCore
import SSOHealingHTTP

/// The `[daemon] heartbeat_url` ping after each daemon cycle and each `check` run.
enum HeartbeatHook {
    /// Pings the configured heartbeat, if any: success when every target is ok, `/fail` otherwise.
    static func report(_ outcomes: [ProbeOutcome], of engine: AlertEngine, logger: Logger) async {
        guard let url = engine.runtime.configuration.daemon.heartbeatURL else { return }
        await Heartbeat(url: url, logger: logger).report(outcomes)
    }

    /// Pings `/fail` after a cycle that could not run.
    static func reportFailure(of engine: AlertEngine, logger: Logger) async {
        guard let url = engine.runtime.configuration.daemon.heartbeatURL else { return }
        await Heartbeat(url: url, logger: logger).ping(.failure)
    }
}
