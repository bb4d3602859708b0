#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The state as Prometheus metrics, for node_exporter's textfile collector (`[daemon]
/// metrics_file`): each target's state, its expiry dates and last probes, each channel's outbox
/// and delivery counts. Names follow Prometheus's conventions: the `sso_self_healing_` prefix,
/// base units (seconds, Unix timestamps as `…_timestamp_seconds`), `_total` for counters.
public enum StateMetrics {
    /// The metric name prefix.
    public static let prefix = "sso_self_healing_"

    /// The help texts of the expiry dates the aws-sso probe reports; other `*_expires_at` details
    /// get a generic one.
    static let expiryHelp: [String: String] = [
        "access_token_expires_at": "Unix time at which the cached SSO access token expires (it is refreshed before).",
        "session_expires_at":
            "Unix time at which the IAM Identity Center session ends (forecast from session_lifetime): a login is needed then.",
        "registration_expires_at": "Unix time at which the SSO OIDC client registration expires.",
    ]

    /// The metric name of an expiry detail `NAME_expires_at`: `sso_self_healing_NAME_expiry_timestamp_seconds`;
    /// nil for any other detail.
    public static func expiryMetric(forDetail key: String) -> String? {
        guard key.hasSuffix("_expires_at"), key.count > "_expires_at".count else { return nil }
        let name = prefix + key.dropLast("_expires_at".count) + "_expiry_timestamp_seconds"
        return MetricsExposition.isValidName(name) ? name : nil
    }

    /// The exposition for `targets` (names and kinds, in order) and `channels`, from `state`, at `now`.
    public static func exposition(
        state: EngineState, targets: [(name: String, kind: String)], channels: [String], now: Date
    ) -> String {
        var metrics = MetricsExposition()
        let stateName = prefix + "target_state"
        metrics.family(
            stateName, type: .gauge,
            help: "Whether the target is in the state (1) or not (0), after the probe's thresholds.")
        for target in targets {
            let current = state.targets[target.name]?.health.state ?? .unknown
            for candidate in [HealthState.ok, .degraded, .expired, .unknown] {
                metrics.sample(
                    stateName,
                    labels: [("target", target.name), ("kind", target.kind), ("state", candidate.rawValue)],
                    value: current == candidate ? 1 : 0)
            }
        }

        var expiries: [String: [(target: String, at: Date)]] = [:]
        for target in targets {
            for (key, value) in state.targets[target.name]?.lastResult?.details ?? [:] {
                guard expiryMetric(forDetail: key) != nil, let date = Timestamp.parse(value) else { continue }
                expiries[key, default: []].append((target.name, date))
            }
        }
        for key in expiries.keys.sorted() {
            let name = expiryMetric(forDetail: key)!
            metrics.family(
                name, type: .gauge,
                help: expiryHelp[key] ?? "Unix time of the probe's \(key) detail.")
            for entry in expiries[key]! {
                metrics.sample(name, labels: [("target", entry.target)], value: seconds(entry.at))
            }
        }

        let probed = prefix + "last_probe_timestamp_seconds"
        metrics.family(probed, type: .gauge, help: "Unix time of the target's last probe, whatever it found.")
        for target in targets {
            guard let at = state.targets[target.name]?.lastResult?.at else { continue }
            metrics.sample(probed, labels: [("target", target.name)], value: seconds(at))
        }
        let succeeded = prefix + "last_success_timestamp_seconds"
        metrics.family(succeeded, type: .gauge, help: "Unix time of the target's last probe that found it ok.")
        for target in targets {
            guard let at = state.targets[target.name]?.lastOkAt else { continue }
            metrics.sample(succeeded, labels: [("target", target.name)], value: seconds(at))
        }

        var names = channels
        for delivery in state.outbox where !names.contains(delivery.channel) { names.append(delivery.channel) }
        let pending = prefix + "outbox_deliveries"
        metrics.family(pending, type: .gauge, help: "Notifications waiting in the channel's outbox.")
        for channel in names {
            metrics.sample(
                pending, labels: [("channel", channel)], value: Double(state.outbox.count { $0.channel == channel }))
        }
        let total = prefix + "deliveries_total"
        metrics.family(
            total, type: .counter,
            help:
                "Delivery attempts by result (delivered, retried, failed), and deliveries dropped unsent after outbox_max_age."
        )
        for channel in names {
            for entry in (state.deliveryCounts[channel] ?? DeliveryCounts()).byResult {
                metrics.sample(
                    total, labels: [("channel", channel), ("result", entry.result)], value: Double(entry.count))
            }
        }

        let written = prefix + "metrics_timestamp_seconds"
        metrics.family(written, type: .gauge, help: "Unix time at which this file was written (after a probe cycle).")
        metrics.sample(written, value: seconds(now))
        return metrics.text
    }

    private static func seconds(_ date: Date) -> Double {
        date.timeIntervalSince1970.rounded(.down)
    }
}
