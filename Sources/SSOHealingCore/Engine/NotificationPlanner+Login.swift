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
    /// the episode's next reminder now, carrying `result` (and its link), and its reminder cadence
    /// restarts from now. Otherwise each channel that takes the probe's warnings gets a clearly
    /// marked event of its own fingerprint (`login:NAME`), which is never reminded nor resolved.
    @discardableResult
    public func announceLogin(
        _ result: ProbeResult, for target: Target, at now: Date, in state: inout EngineState
    ) -> [PendingDelivery] {
        var enqueued: [PendingDelivery] = []
        let health = state.targets[target.name]?.health ?? TargetHealth()
        if health.state == .degraded || health.state == .expired {
            for channel in channels {
                let episodeKey = "\(channel.name)|\(target.fingerprint)"
                guard var known = state.channelEpisodes[episodeKey], known.episode == health.episode,
                    known.state == health.state
                else { continue }
                known.reminder += 1
                known.notifiedAt = now
                let event = AlertEvent(
                    id: makeID(), fingerprint: target.fingerprint, episode: health.episode, probe: target.name,
                    kind: target.kind, previous: known.previous, state: health.state, reminder: known.reminder,
                    summary: "still \(health.state.rawValue): " + result.summary, remedy: result.remedy,
                    details: result.details, at: now, host: host)
                if enqueue(event, to: channel.name, at: now, in: &state) {
                    state.channelEpisodes[episodeKey] = known
                    enqueued.append(state.outbox[state.outbox.count - 1])
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
            if enqueue(event, to: channel.name, at: now, in: &state) {
                enqueued.append(state.outbox[state.outbox.count - 1])
            }
        }
        return enqueued
    }
}
