#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The alerting rules as a pure state machine: feed it results and a time, it updates the
/// ``EngineState`` (health, ledger, outbox, reminders) and returns what it enqueued or dropped.
/// It does no I/O, so tests drive it with any clock they like.
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

        /// Creates a target.
        public init(name: String, kind: String, tracker: HealthTracker = HealthTracker()) {
            self.name = name
            self.kind = kind
            self.tracker = tracker
        }

        /// `kind:name`.
        public var fingerprint: String { "\(kind):\(name)" }
    }

    /// Records a result; on a state change, raises the event and enqueues it for every channel
    /// that takes it. Returns the event, if one was raised.
    @discardableResult
    public func record(
        _ result: ProbeResult, for target: Target, at now: Date, in state: inout EngineState
    ) -> AlertEvent? {
        var record = state.targets[target.name] ?? TargetRecord(kind: target.kind)
        record.kind = target.kind
        record.lastResult = result
        let transition = target.tracker.record(result.state, at: now, into: &record.health)
        defer { state.targets[target.name] = record }
        guard let transition, transition.isNotable else { return nil }
        var summary = result.summary
        if transition.state == .ok { summary = "recovered: " + summary }
        let event = AlertEvent(
            id: makeID(), fingerprint: target.fingerprint, episode: transition.episode, probe: target.name,
            kind: target.kind, previous: transition.previous, state: transition.state, summary: summary,
            remedy: transition.state == .ok ? nil : result.remedy, details: result.details, at: now, host: host)
        record.lastEvent = event
        for channel in channels {
            enqueueTransition(event, to: channel, at: now, in: &state)
        }
        return event
    }

    private func enqueueTransition(
        _ event: AlertEvent, to channel: ChannelRoute, at now: Date, in state: inout EngineState
    ) {
        let episodeKey = "\(channel.name)|\(event.fingerprint)"
        if event.resolved {
            // A return to ok goes only to channels that heard of the episode, and want it.
            guard channel.routing.sendResolved, let known = state.channelEpisodes[episodeKey],
                known.episode == event.episode, known.state != .ok
            else { return }
            if let probes = channel.routing.probes, !probes.contains(event.probe) { return }
        } else {
            guard channel.accepts(probe: event.probe, severity: event.severity) else { return }
        }
        if enqueue(event, to: channel.name, at: now, in: &state) {
            state.channelEpisodes[episodeKey] = ChannelEpisode(
                episode: event.episode, state: event.state, notifiedAt: now, reminder: 0, previous: event.previous)
        }
    }

    /// Enqueues `event` for `channel` unless the ledger has it already; true when enqueued.
    @discardableResult
    func enqueue(_ event: AlertEvent, to channel: String, at now: Date, in state: inout EngineState) -> Bool {
        let delivery = PendingDelivery(channel: channel, event: event, enqueuedAt: now)
        guard state.ledger[delivery.key] == nil else { return false }
        state.ledger[delivery.key] = now
        state.outbox.append(delivery)
        return true
    }

    /// Enqueues every reminder due at `now`; returns them.
    @discardableResult
    public func remind(at now: Date, in state: inout EngineState) -> [PendingDelivery] {
        var enqueued: [PendingDelivery] = []
        for (name, record) in state.targets.sorted(by: { $0.key < $1.key }) {
            let health = record.health
            guard health.state == .degraded || health.state == .expired else { continue }
            let fingerprint = "\(record.kind):\(name)"
            for channel in channels {
                let episodeKey = "\(channel.name)|\(fingerprint)"
                guard var known = state.channelEpisodes[episodeKey], known.episode == health.episode,
                    known.state == health.state, let interval = channel.repeatInterval(in: health.state)
                else { continue }
                let due = known.notifiedAt.addingTimeInterval(interval.secondsValue)
                guard now >= due else { continue }
                known.reminder += 1
                // Keep the cadence exact; after a long gap (sleep, downtime) restart it from now.
                known.notifiedAt = now.timeIntervalSince(due) < interval.secondsValue ? due : now
                let summary =
                    record.lastResult?.summary ?? record.lastEvent?.summary ?? "\(name) is \(health.state.rawValue)"
                let event = AlertEvent(
                    id: makeID(), fingerprint: fingerprint, episode: health.episode, probe: name, kind: record.kind,
                    previous: known.previous, state: health.state, reminder: known.reminder,
                    summary: "still \(health.state.rawValue): " + summary,
                    remedy: record.lastResult?.remedy ?? record.lastEvent?.remedy,
                    details: record.lastResult?.details ?? [:], at: now, host: host, since: health.since)
                if enqueue(event, to: channel.name, at: now, in: &state) {
                    state.channelEpisodes[episodeKey] = known
                    enqueued.append(state.outbox[state.outbox.count - 1])
                }
            }
        }
        return enqueued
    }

    /// Drops deliveries older than the outbox's maximum age, and old ledger keys; returns the dropped deliveries.
    @discardableResult
    public func prune(at now: Date, in state: inout EngineState) -> [PendingDelivery] {
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
            let keep = state.ledger.sorted { ($0.value, $0.key) > ($1.value, $1.key) }.prefix(ledgerCapacity)
            state.ledger = Dictionary(uniqueKeysWithValues: keep.map { ($0.key, $0.value) })
            for key in pendingKeys { state.ledger[key] = state.ledger[key] ?? now }
        }
        return dropped
    }

    /// The first delivery of each channel, when it is due at `now` (later ones wait behind it: order is kept).
    public static func due(at now: Date, in state: EngineState) -> [PendingDelivery] {
        var seen: Set<String> = []
        var due: [PendingDelivery] = []
        for delivery in state.outbox where !seen.contains(delivery.channel) {
            seen.insert(delivery.channel)
            if delivery.nextAttemptAt <= now { due.append(delivery) }
        }
        return due
    }

    /// The earliest moment any channel's head delivery becomes due.
    public static func nextDue(in state: EngineState) -> Date? {
        var seen: Set<String> = []
        var earliest: Date?
        for delivery in state.outbox where !seen.contains(delivery.channel) {
            seen.insert(delivery.channel)
            earliest = min(earliest ?? delivery.nextAttemptAt, delivery.nextAttemptAt)
        }
        return earliest
    }

    /// Applies the outcome of an attempt at `key`: delivered and failed leave the outbox, retry
    /// reschedules with exponential backoff (1 s doubling to 5 min, ±20 % jitter) or the channel's
    /// retry-after. Returns the updated delivery when it stays.
    @discardableResult
    public static func acknowledge(
        _ key: String, result: DeliveryResult, at now: Date, jitter: Double = Double.random(in: -1...1),
        in state: inout EngineState
    ) -> PendingDelivery? {
        guard let index = state.outbox.firstIndex(where: { $0.key == key }) else { return nil }
        switch result {
        case .delivered, .failed:
            state.outbox.remove(at: index)
            return nil
        case .retry(let after, let reason):
            var delivery = state.outbox[index]
            delivery.attempts += 1
            delivery.lastError = reason
            let delay = after.map { min($0, .seconds(3600)) } ?? backoff(attempt: delivery.attempts, jitter: jitter)
            delivery.nextAttemptAt = now.addingTimeInterval(delay.secondsValue)
            state.outbox[index] = delivery
            return delivery
        }
    }

    /// The delay before retry number `attempt` (1-based): 1 s doubling, capped at 5 min, ±20 % by `jitter` in -1...1.
    public static func backoff(attempt: Int, jitter: Double) -> Duration {
        let base = min(300.0, pow(2.0, Double(max(0, min(attempt - 1, 20)))))
        let factor = 1 + 0.2 * max(-1, min(1, jitter))
        return .milliseconds(Int64((min(300, base * factor) * 1000).rounded()))
    }
}
