#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

extension NotificationPlanner {
    /// Announces a login that `sso-self-healing login` just started (or found pending) for
    /// `target`: one opening event (``LoginPhase/requested``, severity `info`, `kind` `login`) per
    /// authorization, to every channel that takes the probe, whatever its `min_severity` (someone
    /// asked for the link). It changes no state of the target. Announcing the same authorization
    /// again enqueues nothing (the ledger has its keys); a new one while another is open closes
    /// that one first. Returns what it enqueued.
    @discardableResult
    public func announceLogin(
        _ link: LoginLink, for target: Target, at now: Date, in state: inout EngineState
    ) -> [PendingDelivery] {
        var enqueued: [PendingDelivery] = []
        var record = state.targets[target.name] ?? TargetRecord(kind: target.kind)
        if let open = record.login, open.phase == .requested, open.isSame(as: link) {
            state.targets[target.name] = record
            return reannounce(open, for: target, at: now, in: &state)
        }
        if let open = record.login, open.phase == .requested {
            state.targets[target.name] = record
            enqueued += closeLogin(
                for: target, approved: false, reason: "another login was started", at: now, in: &state)
            record = state.targets[target.name] ?? record
        }
        let request = LoginRequest(number: (record.login?.number ?? 0) + 1, link: link, openedAt: now)
        record.login = request
        state.targets[target.name] = record
        return enqueued + reannounce(request, for: target, at: now, in: &state)
    }

    /// Closes `target`'s open login request, if any: approved (the session is renewed), or
    /// refused; a refusal at or after the link's end counts as ``LoginPhase/expired``, one before
    /// it as ``LoginPhase/denied``. The closing event goes to every channel that got the opening one.
    @discardableResult
    public func closeLogin(
        for target: Target, approved: Bool, reason: String, at now: Date, in state: inout EngineState
    ) -> [PendingDelivery] {
        guard var record = state.targets[target.name], var request = record.login, request.phase == .requested
        else { return [] }
        let phase: LoginPhase = approved ? .approved : (now >= request.link.expiresAt ? .expired : .denied)
        request.phase = phase
        record.login = request
        state.targets[target.name] = record
        let verb =
            switch phase {
            case .approved: "approved"
            case .denied: "not approved"
            case .expired, .requested: "expired unapproved"
            }
        let event = AlertEvent.loginRequest(
            phase, number: request.number, probe: target.name, targetState: record.health.state,
            summary: "login for \(target.name) on \(host) \(verb) (code \(request.link.userCode)): \(reason)",
            details: [LoginLink.userCodeKey: request.link.userCode], at: now, host: host, id: makeID())
        var enqueued: [PendingDelivery] = []
        for channel in channels {
            let opening = DeliveryKey(
                channel: channel.name, fingerprint: event.fingerprint, episode: request.number, transition: 0,
                reminder: 0)
            guard state.ledger[opening] != nil else { continue }
            if let delivery = enqueue(event, to: channel.name, at: now, in: &state) { enqueued.append(delivery) }
        }
        return enqueued
    }

    /// Closes as expired a login request of `target` whose link has ended without anyone saying
    /// how (no `login` command or follower was there to see it).
    func closeEndedLogin(for target: Target, at now: Date, in state: inout EngineState) -> [PendingDelivery] {
        guard let request = state.targets[target.name]?.login, request.phase == .requested,
            now >= request.link.expiresAt
        else { return [] }
        return closeLogin(
            for: target, approved: false,
            reason: "the login link expired at \(Timestamp.string(request.link.expiresAt))", at: now, in: &state)
    }

    /// Enqueues `request`'s opening event for every channel that takes the probe and has not had it.
    private func reannounce(
        _ request: LoginRequest, for target: Target, at now: Date, in state: inout EngineState
    ) -> [PendingDelivery] {
        let link = request.link
        let event = AlertEvent.loginRequest(
            .requested, number: request.number, probe: target.name,
            targetState: state.targets[target.name]?.health.state ?? .unknown,
            summary: "login requested for \(target.name) on \(host): approve code \(link.userCode) by "
                + "\(Timestamp.string(link.expiresAt)) to renew the session; whoever approves logs this machine "
                + "in as themselves",
            remedy: "open the login link and approve code \(link.userCode)", details: link.details,
            at: request.openedAt, host: host, id: makeID())
        var enqueued: [PendingDelivery] = []
        for channel in channels where channel.routing.probes?.contains(target.name) ?? true {
            if let delivery = enqueue(event, to: channel.name, at: now, in: &state) {
                enqueued.append(delivery)
            }
        }
        return enqueued
    }
}
