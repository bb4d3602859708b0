#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// The alerting rules as a pure state machine: feed it results and a time, it updates the
/// ``EngineState`` (health, ledger, outbox, reminders) and returns what it did as
/// ``PlannedAction``s. It does no I/O, so tests drive it with any clock they like.
///
/// The rules: one delivery per channel per (fingerprint, episode, transition, reminder);
/// reminders of the latest change at `since + n × repeat_interval`; a resolution only to the
/// channels that heard of its episode. <doc:Architecture> follows one event through them.
public struct NotificationPlanner: Sendable {
    /// The channels events may go to.
    public var channels: [ChannelRoute]
    /// Host name put in events.
    public var host: String
    /// Undelivered notifications older than this are dropped.
    public var outboxMaxAge: Duration
    /// Ledger keys are forgotten after this long.
    public var ledgerRetention: Duration
    /// About this many ledger keys are kept (the newest; up to a quarter more between trims),
    /// besides those still in the outbox.
    public var ledgerCapacity = 2_000
    /// How long deliveries wait for a login link before they go without one.
    public var healingHold: Duration = .seconds(120)
    /// Makes event ids (replaceable for deterministic tests).
    public var makeID: @Sendable () -> String

    /// Creates a planner.
    public init(
        channels: [ChannelRoute], host: String = HostName.current, outboxMaxAge: Duration = .seconds(7 * 86_400),
        ledgerRetention: Duration = .seconds(30 * 86_400),
        makeID: @escaping @Sendable () -> String = { UUID().uuidString.lowercased() }
    ) {
        self.channels = channels
        self.host = host
        self.outboxMaxAge = outboxMaxAge
        self.ledgerRetention = ledgerRetention
        self.makeID = makeID
    }

    /// A probe target as the planner needs it.
    public struct Target: Sendable {
        /// The probe's name.
        public var name: String
        /// The probe kind.
        public var kind: String
        /// The thresholds.
        public var tracker: HealthTracker
        /// Whether the target starts a login by itself when it expires (`heal = …`).
        public var healsAutomatically: Bool

        /// Creates a target.
        public init(
            name: String, kind: String, tracker: HealthTracker = HealthTracker(), healsAutomatically: Bool = false
        ) {
            self.name = name
            self.kind = kind
            self.tracker = tracker
            self.healsAutomatically = healsAutomatically
        }

        /// `kind:name`.
        public var fingerprint: String { "\(kind):\(name)" }
    }

    /// Records a result; on a state change, raises the event and enqueues it for every channel
    /// that takes it; asks for a login when an expired alert of a self-healing target is due.
    @discardableResult
    public func record(
        _ result: ProbeResult, for target: Target, at now: Date, in state: inout EngineState
    ) -> [PlannedAction] {
        let closing = closeEndedLogin(for: target, at: now, in: &state).map { PlannedAction.enqueue($0) }
        var record = state.targets[target.name] ?? TargetRecord(kind: target.kind)
        record.kind = target.kind
        record.lastResult = result
        if result.state == .ok { record.lastOkAt = result.at }
        let transition = target.tracker.record(result.state, at: now, into: &record.health)
        guard let transition, transition.isNotable else {
            state.targets[target.name] = record
            return closing
        }
        var summary = result.summary
        if transition.state == .ok { summary = "recovered: " + summary }
        let event = AlertEvent(
            id: makeID(), fingerprint: target.fingerprint, episode: transition.episode,
            transition: transition.transition, probe: target.name, kind: target.kind, previous: transition.previous,
            state: transition.state, summary: summary, remedy: transition.state == .ok ? nil : result.remedy,
            details: result.details, at: now, host: host)
        record.lastEvent = event
        state.targets[target.name] = record
        var actions: [PlannedAction] = [.raise(event)]
        for channel in channels {
            if let delivery = enqueueTransition(event, to: channel, at: now, in: &state) {
                actions.append(.enqueue(delivery))
            }
        }
        return actions + healing(target, result: result, enqueued: actions.enqueued, at: now, in: &state) + closing
    }

    private func enqueueTransition(
        _ event: AlertEvent, to channel: ChannelRoute, at now: Date, in state: inout EngineState
    ) -> PendingDelivery? {
        let place = ChannelTarget(channel: channel.name, fingerprint: event.fingerprint)
        if event.resolved {
            // A return to ok goes only to channels that heard of the episode, and want it.
            guard channel.routing.sendResolved, let known = state.channelEpisodes[place],
                known.episode == event.episode, known.state != .ok
            else { return nil }
            if let probes = channel.routing.probes, !probes.contains(event.probe) { return nil }
        } else {
            guard channel.accepts(probe: event.probe, severity: event.severity) else { return nil }
        }
        guard let delivery = enqueue(event, to: channel.name, at: now, in: &state) else { return nil }
        state.channelEpisodes[place] = ChannelEpisode(
            episode: event.episode, transition: event.transition, state: event.state, since: event.at,
            previous: event.previous)
        return delivery
    }

    /// Enqueues `event` for `channel` unless the ledger has its key already; returns the delivery.
    func enqueue(
        _ event: AlertEvent, to channel: String, at now: Date, in state: inout EngineState
    )
        -> PendingDelivery?
    {
        let delivery = PendingDelivery(channel: channel, event: event, enqueuedAt: now)
        guard state.ledger[delivery.key] == nil else { return nil }
        state.ledger[delivery.key] = now
        state.outbox.append(delivery)
        return delivery
    }

    /// Enqueues every reminder due at `now`: each channel told of a target's latest change, while
    /// the target is still in that change's failing state, gets reminder `n` once `since + n ×
    /// repeat_interval` has passed. After a gap (the machine asleep, the daemon down) the missed
    /// reminders are not replayed: one goes out, numbered by the intervals elapsed.
    ///
    /// `only` limits it to the channels named (the daemon's reminders between cycles).
    @discardableResult
    public func remind(
        at now: Date, targets: [Target] = [], in state: inout EngineState, only: Set<String>? = nil
    ) -> [PlannedAction] {
        var actions: [PlannedAction] = []
        for (name, record) in state.targets.sorted(by: { $0.key < $1.key }) {
            let health = record.health
            guard health.state == .degraded || health.state == .expired else { continue }
            let fingerprint = "\(record.kind):\(name)"
            var enqueued: [PendingDelivery] = []
            for channel in channels where only?.contains(channel.name) ?? true {
                let place = ChannelTarget(channel: channel.name, fingerprint: fingerprint)
                guard var known = state.channelEpisodes[place], known.episode == health.episode,
                    known.transition == health.transition, known.state == health.state,
                    let interval = channel.repeatInterval(in: health.state)
                else { continue }
                let elapsed = now.timeIntervalSince(known.since)
                guard elapsed >= 0 else { continue }
                let number = Int((elapsed / interval.secondsValue).rounded(.down))
                guard number > known.reminder else { continue }
                known.reminder = number
                let summary =
                    record.lastResult?.summary ?? record.lastEvent?.summary ?? "\(name) is \(health.state.rawValue)"
                let event = AlertEvent(
                    id: makeID(), fingerprint: fingerprint, episode: health.episode, transition: health.transition,
                    probe: name, kind: record.kind, previous: known.previous, state: health.state, reminder: number,
                    summary: "still \(health.state.rawValue): " + summary,
                    remedy: record.lastResult?.remedy ?? record.lastEvent?.remedy,
                    details: record.lastResult?.details ?? [:], at: now, host: host, since: known.since)
                state.channelEpisodes[place] = known
                if let delivery = enqueue(event, to: channel.name, at: now, in: &state) {
                    enqueued.append(delivery)
                    actions.append(.enqueue(delivery))
                }
            }
            if let target = targets.first(where: { $0.name == name }), let result = record.lastResult {
                actions += healing(target, result: result, enqueued: enqueued, at: now, in: &state)
            }
        }
        return actions
    }

    /// When the next reminder of a channel in `only` (every channel when nil) falls due:
    /// `since + (n + 1) × repeat_interval` after its last reminder `n`, for each target still in
    /// the state the channel was last told of; nil when none is due ever (nothing is firing).
    public func nextReminder(in state: EngineState, only: Set<String>? = nil) -> Date? {
        var earliest: Date?
        for (name, record) in state.targets {
            let health = record.health
            guard health.state == .degraded || health.state == .expired else { continue }
            let fingerprint = "\(record.kind):\(name)"
            for channel in channels where only?.contains(channel.name) ?? true {
                let place = ChannelTarget(channel: channel.name, fingerprint: fingerprint)
                guard let known = state.channelEpisodes[place], known.episode == health.episode,
                    known.transition == health.transition, known.state == health.state,
                    let interval = channel.repeatInterval(in: health.state)
                else { continue }
                let due = known.since.addingTimeInterval(interval.secondsValue * Double(known.reminder + 1))
                earliest = min(earliest ?? due, due)
            }
        }
        return earliest
    }

    /// A login request for `target` when an expired alert without a link was just enqueued for
    /// it and it heals itself; the alert's deliveries are held for the link.
    private func healing(
        _ target: Target, result: ProbeResult, enqueued: [PendingDelivery], at now: Date, in state: inout EngineState
    ) -> [PlannedAction] {
        let alerts = enqueued.filter { $0.event.state == .expired && !$0.event.resolved }
        guard target.healsAutomatically, result.state == .expired, LoginLink(details: result.details) == nil,
            !alerts.isEmpty
        else { return [] }
        let until = now.addingTimeInterval(healingHold.secondsValue)
        let held = Set(alerts.map(\.key))
        for index in state.outbox.indices where held.contains(state.outbox[index].key) {
            state.outbox[index].nextAttemptAt = until
        }
        return [.startHealing(probe: target.name, held: alerts.map(\.key), until: until)]
    }

    /// Releases the deliveries of `probe` held for a login link: each still waiting gets the link
    /// (when one came) and is due at once; the target's last result shows the link too.
    public func release(
        _ held: [DeliveryKey], probe: String, link: LoginLink?, at now: Date, in state: inout EngineState
    ) {
        let keys = Set(held)
        for index in state.outbox.indices where keys.contains(state.outbox[index].key) {
            guard state.outbox[index].attempts == 0 else { continue }
            if let link { state.outbox[index].event.details.merge(link.details) { _, new in new } }
            state.outbox[index].nextAttemptAt = min(state.outbox[index].nextAttemptAt, now)
        }
        if let link, state.targets[probe] != nil {
            state.targets[probe]?.lastResult?.details.merge(link.details) { _, new in new }
            if state.targets[probe]?.lastEvent?.state == .expired {
                state.targets[probe]?.lastEvent?.details.merge(link.details) { _, new in new }
            }
        }
    }

    /// Drops deliveries older than the outbox's maximum age, and old ledger keys.
    @discardableResult
    public func prune(at now: Date, in state: inout EngineState) -> [PlannedAction] {
        let oldest = now.addingTimeInterval(-outboxMaxAge.secondsValue)
        let dropped = state.outbox.filter { $0.enqueuedAt < oldest }
        state.outbox.removeAll { $0.enqueuedAt < oldest }
        let forgotten = now.addingTimeInterval(-max(ledgerRetention, outboxMaxAge).secondsValue)
        let pendingKeys = Set(state.outbox.map(\.key))
        state.ledger = state.ledger.filter { $0.value >= forgotten || pendingKeys.contains($0.key) }
        // A flapping target can raise many events; the state file must not grow without bound.
        // Dedup only matters for episodes that can still change, so the newest keys suffice.
        // Trimmed in batches (at a quarter over capacity) so the sort is rare.
        if state.ledger.count > ledgerCapacity + ledgerCapacity / 4 {
            let keep = state.ledger.sorted { ($0.value, $0.key.description) > ($1.value, $1.key.description) }
                .prefix(ledgerCapacity)
            state.ledger = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            for key in pendingKeys { state.ledger[key] = state.ledger[key] ?? now }
        }
        return dropped.map { .drop($0) }
    }
}
