#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension NotificationPlanner {
    /// Sends a login link that `sso-self-healing login` just started (or found pending) to the
    /// channels, keeping dedup coherent; returns what it enqueued.
    ///
    /// While `target` is in a degraded or expired episode, each channel that was told of it gets
    /// the change's next reminder now, carrying `result` (and its link). Otherwise each channel that takes the probe's warnings gets a clearly
    /// marked event of its own fingerprint (`login:NAME`), which is never reminded nor resolved.
    @discardableResult
    public func announceLogin(
        _ result: ProbeResult, for target: Target, at now: Date, in state: inout EngineState
    ) -> [PendingDelivery] {
        var enqueued: [PendingDelivery] = []
        let health = state.targets[target.name]?.health ?? TargetHealth()
        if health.state == .degraded || health.state == .expired {
            for channel in channels {
                let place = ChannelTarget(channel: channel.name, fingerprint: target.fingerprint)
                guard var known = state.channelEpisodes[place], known.episode == health.episode,
                    known.transition == health.transition, known.state == health.state
                else { continue }
                // The link goes out as the change's next reminder; the cadence goes on from `since`,
                // so the regular reminder whose number this one took is not sent again.
                known.reminder += 1
                let event = AlertEvent(
                    id: makeID(), fingerprint: target.fingerprint, episode: health.episode,
                    transition: health.transition, probe: target.name, kind: target.kind, previous: known.previous,
                    state: health.state, reminder: known.reminder,
                    summary: "still \(health.state.rawValue): " + result.summary,
                    remedy: result.remedy, details: result.details, at: now, host: host, since: known.since)
                state.channelEpisodes[place] = known
                if let delivery = enqueue(event, to: channel.name, at: now, in: &state) {
                    enqueued.append(delivery)
                }
            }
            return enqueued
        }
        let event = AlertEvent(
            id: makeID(), fingerprint: "login:\(target.name)", episode: Int(now.timeIntervalSince1970),
            probe: target.name, kind: target.kind, previous: health.state, state: .degraded,
            summary: "LOGIN requested for \(target.name) on \(host): " + result.summary, remedy: result.remedy,
            details: result.details, at: now, host: host)
        for channel in channels where channel.accepts(probe: target.name, severity: event.severity) {
            if let delivery = enqueue(event, to: channel.name, at: now, in: &state) {
                enqueued.append(delivery)
            }
        }
        return enqueued
    }
}
