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
    /// What the probe found.
    public var result: ProbeResult
    /// The target's state after the thresholds.
    public var state: HealthState
    /// The event raised, if the state changed.
    public var event: AlertEvent?
}

/// What one delivery attempt came to.
public struct DeliveryReport: Sendable {
    /// The channel.
    public var channel: String
    /// The delivery's dedup key.
    public var key: String
    /// The event delivered.
    public var event: AlertEvent
    /// The outcome.
    public var result: DeliveryResult
}

/// Runs probes, turns their results into events, and delivers the outbox: the daemon's and
/// `check`'s shared core. Every change to the state goes through the ``StateStore`` under its
/// lock, so several processes may share one state directory.
public final class AlertEngine: Sendable {
    /// The probes and channels.
    public let runtime: Runtime
    /// The persisted state.
    public let store: StateStore
    /// The wall clock.
    public let now: @Sendable () -> Date
    let planner: NotificationPlanner
    let logger: Logger

    /// Creates an engine.
    public init(runtime: Runtime, store: StateStore, now: @escaping @Sendable () -> Date = { Date() }, logger: Logger) {
        self.runtime = runtime
        self.store = store
        self.now = now
        self.logger = logger
        self.planner = NotificationPlanner(
            channels: runtime.routes, outboxMaxAge: runtime.configuration.daemon.outboxMaxAge)
    }

    /// Runs the probes (all, or those named) concurrently, records their results, raises the
    /// events, enqueues due reminders and prunes the outbox.
    public func cycle(only names: Set<String>? = nil) async throws -> [ProbeOutcome] {
        let slots = runtime.probes.filter { names?.contains($0.configuration.name) ?? true }
        let probed = await withTaskGroup(of: (Int, ProbeResult).self) { group in
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
        let results = await attachingLoginLinks(to: probed, of: slots)
        let moment = now()
        let (outcomes, reminders, dropped) = try store.update { state in
            var outcomes: [ProbeOutcome] = []
            for (slot, result) in zip(slots, results) {
                let event = planner.record(result, for: slot.target, at: moment, in: &state)
                outcomes.append(
                    ProbeOutcome(
                        name: slot.target.name, result: result,
                        state: state.targets[slot.target.name]?.health.state ?? .unknown, event: event))
            }
            let reminders = planner.remind(at: moment, in: &state)
            let dropped = planner.prune(at: moment, in: &state)
            return (outcomes, reminders, dropped)
        }
        for outcome in outcomes {
            logger.debug(
                "probe finished",
                metadata: [
                    "probe": "\(outcome.name)", "result": "\(outcome.result.state.rawValue)",
                    "state": "\(outcome.state.rawValue)",
                    "summary": "\(outcome.result.summary)",
                ])
            if let event = outcome.event {
                logger.info(
                    "state changed",
                    metadata: [
                        "probe": "\(event.probe)", "previous": "\(event.previous.rawValue)",
                        "state": "\(event.state.rawValue)",
                        "episode": "\(event.episode)", "event_id": "\(event.id)", "summary": "\(event.summary)",
                    ])
            }
        }
        for reminder in reminders {
            logger.info(
                "reminder due",
                metadata: [
                    "probe": "\(reminder.event.probe)", "channel": "\(reminder.channel)",
                    "reminder": "\(reminder.event.reminder)",
                ])
        }
        for delivery in dropped {
            logger.warning(
                "dropping undelivered notification older than outbox_max_age",
                metadata: [
                    "channel": "\(delivery.channel)", "key": "\(delivery.key)", "attempts": "\(delivery.attempts)",
                    "last_error": "\(delivery.lastError ?? "none")",
                ])
        }
        return outcomes
    }

    /// Delivers `channel`'s due deliveries in order until one is not delivered or none is due.
    public func drain(channel name: String) async -> [DeliveryReport] {
        guard let channel = runtime.channels.first(where: { $0.name == name }) else { return [] }
        // One deliverer per channel across processes (the daemon and a timer-driven `check`),
        // so a delivery is never attempted twice at once; whoever holds the lock drains.
        let lockPath = PathString.join(store.directory, "channel-\(name).lock")
        let lock: FileLock?
        do {
            try AtomicFile.makePrivateDirectory(store.directory)
            lock = try FileLock.tryLock(path: lockPath)
        } catch {
            logger.error("cannot lock the channel's outbox", metadata: ["channel": "\(name)", "reason": "\(error)"])
            return []
        }
        guard let lock else {
            logger.debug("another process is delivering to this channel", metadata: ["channel": "\(name)"])
            return []
        }
        defer { lock.unlock() }
        var reports: [DeliveryReport] = []
        while !Task.isCancelled {
            let moment = now()
            let head: PendingDelivery?
            do {
                head = try store.update { state in
                    NotificationPlanner.due(at: moment, in: state).first { $0.channel == name }
                }
            } catch {
                logger.error("cannot read the outbox", metadata: ["reason": "\(error)"])
                return reports
            }
            guard let head else { break }
            let timeout = channel.configuration.routing.timeout
            // A channel that must not carry login links gets the event without one.
            let event = channel.configuration.routing.carryLoginLinks ? head.event : head.event.withoutLoginLink()
            let notifier = channel.notifier
            let result = await Deadline.run(
                timeout: timeout,
                onTimeout: DeliveryResult.retry(after: nil, reason: "timed out after \(ConfigDuration.format(timeout))")
            ) {
                await notifier.deliver(event)
            }
            let finished = now()
            do {
                try store.update { state in
                    _ = NotificationPlanner.acknowledge(head.key, result: result, at: finished, in: &state)
                }
            } catch {
                logger.error("cannot record a delivery", metadata: ["reason": "\(error)", "key": "\(head.key)"])
                return reports
            }
            log(result, channel: name, delivery: head)
            reports.append(DeliveryReport(channel: name, key: head.key, event: event, result: result))
            guard result == .delivered || isFailed(result) else { break }
        }
        return reports
    }

    private func isFailed(_ result: DeliveryResult) -> Bool {
        if case .failed = result { return true }
        return false
    }

    private func log(_ result: DeliveryResult, channel: String, delivery: PendingDelivery) {
        let metadata: Logger.Metadata = [
            "channel": "\(channel)", "probe": "\(delivery.event.probe)", "state": "\(delivery.event.state.rawValue)",
            "episode": "\(delivery.event.episode)", "reminder": "\(delivery.event.reminder)",
            "event_id": "\(delivery.event.id)",
            "attempt": "\(delivery.attempts + 1)",
        ]
        switch result {
        case .delivered:
            logger.info("delivered", metadata: metadata)
        case .retry(_, let reason):
            logger.warning("delivery will be retried: \(reason)", metadata: metadata)
        case .failed(let reason):
            logger.error("delivery failed permanently: \(reason)", metadata: metadata)
        }
    }

    /// Drains every channel at once; a slow channel never holds up another.
    public func drainAll() async -> [DeliveryReport] {
        await withTaskGroup(of: [DeliveryReport].self) { group in
            for channel in runtime.channels {
                group.addTask { await self.drain(channel: channel.name) }
            }
            var reports: [DeliveryReport] = []
            for await batch in group { reports += batch }
            return reports
        }
    }

    /// When `channel`'s head delivery is next due, if it has one.
    public func nextDue(channel name: String) -> Date? {
        guard let state = try? store.read() else { return nil }
        return state.outbox.first { $0.channel == name }?.nextAttemptAt
    }

    /// Sends a clearly marked test event through every named channel (all when empty), bypassing
    /// the ledger and outbox; one report per channel.
    public func sendTest(to names: [String]) async -> [(channel: String, result: DeliveryResult)] {
        let selected = names.isEmpty ? runtime.channels : runtime.channels.filter { names.contains($0.name) }
        let moment = now()
        return await withTaskGroup(of: (Int, String, DeliveryResult).self) { group in
            for (index, channel) in selected.enumerated() {
                let event = AlertEvent(
                    fingerprint: "test:\(channel.name)", episode: 0, probe: "test", kind: "test", previous: .ok,
                    state: .degraded,
                    summary:
                        "TEST from \(ProductInfo.name) on \(HostName.current): this is a test alert for channel \(channel.name); nothing is wrong",
                    remedy: nil, at: moment, test: true)
                let timeout = channel.configuration.routing.timeout
                group.addTask {
                    let result = await Deadline.run(
                        timeout: timeout,
                        onTimeout: DeliveryResult.retry(
                            after: nil, reason: "timed out after \(ConfigDuration.format(timeout))")
                    ) { await channel.notifier.deliver(event) }
                    return (index, channel.name, result)
                }
            }
            var results: [(Int, String, DeliveryResult)] = []
            for await item in group { results.append(item) }
            return results.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
        }
    }
}
