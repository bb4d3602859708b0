extension AlertEngine {
    /// Gives each expired result of a self-healing probe a login link when an alert about it is
    /// due now (the transition to expired, or a reminder) and the probe has none pending.
    ///
    /// Whether an alert is due is decided by running the planner on a copy of the state, so a
    /// link nobody approves is replaced only when it has expired and the episode's reminder comes
    /// round, never on every run. The probe keeps one pending login across processes.
    func attachingLoginLinks(to results: [ProbeResult], of slots: [Runtime.ProbeSlot]) async -> [ProbeResult] {
        let candidates = slots.indices.filter { index in
            guard results[index].state == .expired, LoginLink(details: results[index].details) == nil,
                let probe = slots[index].probe as? any HealingProbe
            else { return false }
            return probe.healsAutomatically
        }
        guard !candidates.isEmpty, let state = try? store.read() else { return results }
        let moment = now()
        var results = results
        for index in candidates {
            let target = slots[index].target
            var preview = state
            let event = planner.record(results[index], for: target, at: moment, in: &preview)
            let reminders = planner.remind(at: moment, in: &preview).filter { $0.event.probe == target.name }
            let transition = event.map { !$0.resolved && $0.state == .expired } ?? false
            guard transition || !reminders.isEmpty, let probe = slots[index].probe as? any HealingProbe else {
                continue
            }
            switch await probe.startHealing() {
            case .pending(let link, _):
                results[index].details.merge(link.details) { _, new in new }
            case .failed(let reason):
                logger.warning("cannot start a login", metadata: ["probe": "\(target.name)", "reason": "\(reason)"])
            case .renewed, .ended, .idle:
                break
            }
        }
        return results
    }
}

extension AlertEngine {
    /// Sends a login link to the channels of probe `name` (see
    /// ``NotificationPlanner/announceLogin(_:for:at:in:)``); `result` carries the link in its
    /// details. Returns what was enqueued; drain the channels to deliver it.
    @discardableResult
    public func announceLogin(_ result: ProbeResult, probe name: String) throws -> [PendingDelivery] {
        guard let slot = runtime.probes.first(where: { $0.configuration.name == name }) else { return [] }
        let moment = now()
        return try store.update { state in
            planner.announceLogin(result, for: slot.target, at: moment, in: &state)
        }
    }
}
