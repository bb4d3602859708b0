import Logging

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What one probe run came to.
public struct ProbeOutcome: Sendable {
    /// The probe's name.
    public var name: String
    /// What the probe found (with the login link, when a login was started for it).
    public var result: ProbeResult
    /// The target's state after the thresholds.
    public var state: HealthState
    /// The event raised, if the state changed.
    public var event: AlertEvent?
    /// Whether this result completed a change of state (an event, or `unknown` → `ok`).
    public var changed: Bool = false
    /// How many consecutive results, this one included, differ from ``state`` (0 when it matches).
    public var streak: Int = 0
    /// How many such results change the state: the failure threshold toward a failing state, the
    /// success threshold toward ok.
    public var threshold: Int = 1
}

/// Runs probes, turns their results into events through the ``NotificationPlanner``, carries
/// out what it plans, and hands the outbox to the ``NotifierBus``: the daemon's and `check`'s
/// shared core. Every change to the state goes through the ``StateStore`` under its lock, so
/// several processes may share one state directory.
public final class AlertEngine: Sendable {
    /// The probes and channels.
    public let runtime: BuiltConfiguration
    /// The persisted state.
    public let store: StateStore
    /// The wall clock.
    public let now: @Sendable () -> Date
    /// Delivers the outbox.
    public let bus: NotifierBus
    let planner: NotificationPlanner
    let logger: Logger

    /// Creates an engine whose bus waits on `clock`.
    public init<C: Clock>(
        runtime: BuiltConfiguration, store: StateStore, now: @escaping @Sendable () -> Date = { Date() }, clock: C,
        calls: ChannelCalls = ChannelCalls(), logger: Logger
    ) where C.Duration == Duration {
        self.runtime = runtime
        self.store = store
        self.now = now
        self.logger = logger
        self.planner = NotificationPlanner(
            channels: runtime.routes, outboxMaxAge: runtime.configuration.daemon.outboxMaxAge)
        self.bus = NotifierBus(
            channels: runtime.channels, store: store, now: now, clock: clock, calls: calls, logger: logger)
    }

    /// Creates an engine whose bus waits on the continuous clock.
    public convenience init(
        runtime: BuiltConfiguration, store: StateStore, now: @escaping @Sendable () -> Date = { Date() },
        calls: ChannelCalls = ChannelCalls(), logger: Logger
    ) {
        self.init(runtime: runtime, store: store, now: now, clock: ContinuousClock(), calls: calls, logger: logger)
    }

    /// Runs the probes (all, or those named, and the daemon's own target when it has one)
    /// concurrently, records their results, raises the events, enqueues due reminders, prunes the
    /// outbox and starts the logins the planner asks for.
    ///
    /// A cycle whose task is cancelled (a shutdown) while its probes run records nothing and
    /// throws `CancellationError`: a probe cut short is no result at all.
    public func cycle(only names: Set<String>? = nil) async throws -> [ProbeOutcome] {
        let slots = runtime.probes.filter { slot in
            slot.isConfigurationHealth || (names.map { $0.contains(where: slot.answers(to:)) } ?? true)
        }
        let results = await withTaskGroup(of: (Int, ProbeResult).self) { group in
            for (index, slot) in slots.enumerated() {
                group.addTask {
                    let started = ContinuousClock.now
                    var result = await slot.probe.check()
                    if result.latencySeconds == nil {
                        result.latencySeconds = (ContinuousClock.now - started).secondsValue
                    }
                    return (index, result)
                }
            }
            var collected: [(Int, ProbeResult)] = []
            for await item in group { collected.append(item) }
            return collected.sorted { $0.0 < $1.0 }.map(\.1)
        }
        if Task.isCancelled {
            logger.debug("probe cycle cancelled: nothing recorded")
            throw CancellationError()
        }
        let moment = now()
        let targets = runtime.probes.map(\.target)
        var (outcomes, actions) = try store.update { state in
            var outcomes: [ProbeOutcome] = []
            var actions: [PlannedAction] = []
            for slot in slots where !slot.formerNames.isEmpty {
                state.adopt(target: slot.target.name, kind: slot.target.kind, from: slot.formerNames)
            }
            for (slot, result) in zip(slots, results) {
                let before = state.targets[slot.target.name]?.health
                let planned = planner.record(result, for: slot.target, at: moment, in: &state)
                actions += planned
                let health = state.targets[slot.target.name]?.health ?? TargetHealth()
                let observed = HealthTracker.effectiveState(of: result.state)
                outcomes.append(
                    ProbeOutcome(
                        name: slot.target.name, result: result, state: health.state, event: planned.raised.first,
                        changed: health.state != (before?.state ?? .unknown)
                            || health.episode != (before?.episode ?? 0),
                        streak: health.streakCount,
                        threshold: observed == .ok
                            ? slot.target.tracker.successThreshold : slot.target.tracker.failureThreshold))
            }
            actions += planner.remind(at: moment, targets: targets, in: &state)
            let dropped = planner.prune(at: moment, in: &state)
            for case .drop(let delivery) in dropped {
                state.deliveryCounts[delivery.channel, default: DeliveryCounts()].dropped += 1
            }
            actions += dropped
            return (outcomes, actions)
        }
        log(outcomes, actions)
        for case .startHealing(let name, let held, _) in actions {
            let link = await startHealing(probe: name)
            do {
                try store.update { state in planner.release(held, probe: name, link: link, at: now(), in: &state) }
            } catch {
                logger.error("cannot release the alerts held for a login link", metadata: ["reason": "\(error)"])
            }
            if let link, let index = outcomes.firstIndex(where: { $0.name == name }) {
                outcomes[index].result.details.merge(link.details) { _, new in new }
                outcomes[index].event?.details.merge(link.details) { _, new in new }
            }
        }
        return outcomes
    }

    /// The channels whose reminders the daemon sends between cycles
    /// (``NotifierFactory/remindsBetweenCycles``).
    public var channelsRemindingBetweenCycles: Set<String> {
        Set(runtime.channels.filter(\.configuration.routing.remindsBetweenCycles).map(\.name))
    }

    /// Enqueues the reminders now due of the channels that remind between cycles, wakes the bus
    /// when there are any, and returns when the next one is due (nil: nothing is firing for them).
    ///
    /// Unlike ``cycle(only:)`` it probes nothing and starts no login.
    public func remindBetweenCycles() throws -> Date? {
        let names = channelsRemindingBetweenCycles
        guard !names.isEmpty else { return nil }
        let moment = now()
        let (actions, next) = try store.update { state in
            let actions = planner.remind(at: moment, in: &state, only: names)
            return (actions, planner.nextReminder(in: state, only: names))
        }
        log([], actions)
        if !actions.isEmpty { bus.wake() }
        return next
    }

    /// Starts (or finds pending) the login of probe `name`; its link, if one is pending.
    private func startHealing(probe name: String) async -> LoginLink? {
        guard let healer = runtime.slot(named: name)?.probe as? any HealingProbe else { return nil }
        switch await healer.startHealing() {
        case .pending(let link, _):
            return link
        case .failed(let reason), .ended(let reason):
            logger.warning("cannot start a login", metadata: ["probe": "\(name)", "reason": "\(reason)"])
            return nil
        case .renewed, .idle:
            return nil
        }
    }

    private func log(_ outcomes: [ProbeOutcome], _ actions: [PlannedAction]) {
        for outcome in outcomes {
            logger.debug(
                "probe finished",
                metadata: [
                    "probe": "\(outcome.name)", "result": "\(outcome.result.state.rawValue)",
                    "state": "\(outcome.state.rawValue)", "summary": "\(outcome.result.summary)",
                ])
        }
        for action in actions {
            switch action {
            case .raise(let event):
                logger.info(
                    "state changed",
                    metadata: [
                        "probe": "\(event.probe)", "previous": "\(event.previous.rawValue)",
                        "state": "\(event.state.rawValue)", "episode": "\(event.episode)",
                        "transition": "\(event.transition)", "event_id": "\(event.id)", "summary": "\(event.summary)",
                    ])
            case .enqueue(let delivery) where delivery.event.reminder > 0:
                logger.info(
                    "reminder due",
                    metadata: [
                        "probe": "\(delivery.event.probe)", "channel": "\(delivery.channel)",
                        "reminder": "\(delivery.event.reminder)",
                    ])
            case .drop(let delivery):
                logger.warning(
                    "dropping undelivered notification older than outbox_max_age",
                    metadata: [
                        "channel": "\(delivery.channel)", "key": "\(delivery.key)", "attempts": "\(delivery.attempts)",
                        "last_error": "\(delivery.lastError ?? "none")",
                    ])
            case .enqueue, .startHealing:
                break
            }
        }
    }

    /// Delivers `channel`'s due deliveries (see ``NotifierBus/drain(channel:)``).
    public func drain(channel name: String) async -> [DeliveryReport] {
        await bus.drain(channel: name)
    }

    /// Drains every channel at once (see ``NotifierBus/drainAll()``).
    public func drainAll() async -> [DeliveryReport] {
        await bus.drainAll()
    }

    /// When `channel`'s head delivery is next due, if it has one.
    public func nextDue(channel name: String) -> Date? {
        bus.nextDue(channel: name)
    }

    /// Sends a clearly marked test event through every named channel (see ``NotifierBus/sendTest(to:)``).
    public func sendTest(to names: [String]) async -> [(channel: String, result: DeliveryResult)] {
        await bus.sendTest(to: names)
    }

    /// Announces a login request for probe `name` to its channels (see
    /// ``NotificationPlanner/announceLogin(_:for:at:in:)``): one `login` event per authorization.
    /// Returns what was enqueued; drain the channels to deliver it.
    @discardableResult
    public func announceLogin(_ link: LoginLink, probe name: String) throws -> [PendingDelivery] {
        guard let slot = runtime.slot(named: name) else { return [] }
        let moment = now()
        return try store.update { state in
            planner.announceLogin(link, for: slot.target, at: moment, in: &state)
        }
    }

    /// Closes probe `name`'s open login request, if any (see
    /// ``NotificationPlanner/closeLogin(for:approved:reason:at:in:)``). Returns what was enqueued.
    @discardableResult
    public func closeLogin(probe name: String, approved: Bool, reason: String) throws -> [PendingDelivery] {
        guard let slot = runtime.slot(named: name) else { return [] }
        let moment = now()
        return try store.update { state in
            planner.closeLogin(for: slot.target, approved: approved, reason: reason, at: moment, in: &state)
        }
    }
}
