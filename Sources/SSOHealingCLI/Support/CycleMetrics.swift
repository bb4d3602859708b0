import Logging
import SSOHealingCore

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Writes the `[daemon] metrics_file`, when one is set, after each daemon cycle and each `check`
/// run: the state as Prometheus metrics for node_exporter's textfile collector (``StateMetrics``).
///
/// The file is replaced atomically (node_exporter never reads half of it) with mode 0644: the
/// collector usually runs as another user, and the file holds no secret (target and channel
/// names, states, dates and counts). A write that fails is logged and changes nothing else.
enum CycleMetrics {
    /// The file's mode: readable by the collector.
    static let mode: mode_t = 0o644

    static func write(for engine: AlertEngine, logger: Logger) {
        guard let path = engine.runtime.configuration.daemon.metricsFile else { return }
        do {
            let state = try engine.store.read()
            let text = StateMetrics.exposition(
                state: state, targets: engine.runtime.probes.map { ($0.target.name, $0.target.kind) },
                channels: engine.runtime.channels.map(\.name), now: engine.now())
            try AtomicFile.write(Data(text.utf8), to: path, mode: mode)
        } catch {
            logger.warning("cannot write the metrics file: \(error)")
        }
    }
}
