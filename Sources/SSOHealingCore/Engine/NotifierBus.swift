import Logging
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// What one delivery attempt came to.
public struct DeliveryReport: Sendable {
    /// The channel.
    public var channel: String
    /// The delivery's dedup key.
    public var key: DeliveryKey
    /// The event delivered.
    public var event: AlertEvent
    /// The outcome.
    public var result: DeliveryResult
}

/// The notifier bus: delivers the persistent outbox to the channels.
///
/// Each channel's deliveries are a FIFO attempted one call at a time, with the channel's
/// `timeout` around each call; a retry keeps the head (later items wait behind it) and
/// reschedules it after the channel's retry-after or the backoff; a permanent failure drops it
/// with a logged reason. Channels never wait for each other. Every step goes through the
/// ``StateStore`` under its lock, so the daemon and a timer-driven `check` share one outbox; a
/// per-channel file lock makes sure only one process delivers to a channel at a time.
///
/// A delivery costs one state update (the acknowledgement, which also finds the next head).
/// Timeouts and waits are measured on the clock the bus was made with, so tests drive it with a
/// test clock.
public final class NotifierBus: Sendable {
    /// The channels, in drop-in order.
    public let channels: [BuiltConfiguration.Channel]
    /// The persisted outbox.
    public let store: StateStore
    private let now: @Sendable () -> Date
    private let sleep: @Sendable (Duration) async throws -> Void
    private let calls: ChannelCalls
    private let logger: Logger
    private let wakeups: [String: WakeSignal]
    private let stopped = Mutex(false)

    /// Creates a bus over `channels`, waiting on `clock`.
    public init<C: Clock>(
        channels: [BuiltConfiguration.Channel], store: StateStore, now: @escaping @Sendable () -> Date, clock: C,
        calls: ChannelCalls = ChannelCalls(), logger: Logger
    ) where C.Duration == Duration {
        self.channels = channels
        self.store = store
        self.now = now
        self.sleep = { try await clock.sleep(until: clock.now.advanced(by: $0), tolerance: nil) }
        self.calls = calls
        self.logger = logger
        var wakeups: [String: WakeSignal] = [:]
        for channel in channels { wakeups[channel.name] = WakeSignal() }
        self.wakeups = wakeups
    }

    // MARK: Running

    /// Runs one worker per channel until ``stop()``: each drains its channel, then sleeps until
    /// its head is due or ``wake()`` is called.
    public func run() async {
        await withTaskGroup(of: Void.self) { group in
            for channel in channels {
                guard let wakeup = wakeups[channel.name] else { continue }
                group.addTask { await self.work(channel: channel.name, wakeup: wakeup) }
            }
        }
    }

    /// Tells every worker that the outbox may have changed.
    public func wake() {
        for wakeup in wakeups.values { wakeup.raise() }
    }

    /// Stops the workers: a delivery under way finishes (and is acknowledged), nothing new starts.
    public func stop() {
        stopped.withLock { $0 = true }
        wake()
    }

    private var isStopped: Bool { stopped.withLock { $0 } }

    /// How long a worker waits before it looks again at a channel another deliverer holds.
    static let busyPause: Duration = .seconds(1)

    private func work(channel: String, wakeup: WakeSignal) async {
        while !isStopped {
            let (_, next, busy) = await drainReporting(channel: channel)
            if isStopped { break }
            // Another deliverer (a `check`, or the loop before a reload) holds the channel: look
            // again shortly rather than at the next cycle.
            let timeout =
                busy
                ? Self.busyPause
                : next.map { due -> Duration in
                    .milliseconds(Int64(max(0, due.timeIntervalSince(now())) * 1000) + 1)
                }
            await wakeup.wait(timeout: timeout, sleep: sleep)
        }
    }

    // MARK: Delivering

    /// Delivers `channel`'s due deliveries in order until one is not delivered or none is due.
    public func drain(channel name: String) async -> [DeliveryReport] {
        await drainReporting(channel: name).reports
    }

    /// Drains every channel at once; a slow channel never holds up another.
    public func drainAll() async -> [DeliveryReport] {
        await withTaskGroup(of: (Int, [DeliveryReport]).self) { group in
            for (index, channel) in channels.enumerated() {
                group.addTask { (index, await self.drain(channel: channel.name)) }
            }
            var batches: [(Int, [DeliveryReport])] = []
            for await batch in group { batches.append(batch) }
            return batches.sorted { $0.0 < $1.0 }.flatMap(\.1)
        }
    }

    /// Drains, and says when the channel's head is next due (nil: nothing waits) and whether
    /// another deliverer held the channel.
    private func drainReporting(channel name: String) async -> (reports: [DeliveryReport], next: Date?, busy: Bool) {
        guard let channel = channels.first(where: { $0.name == name }) else { return ([], nil, false) }
        // One deliverer per channel across processes (the daemon and a timer-driven `check`).
        let lock: FileLock?
        do {
            try AtomicFile.makePrivateDirectory(store.directory)
            lock = try FileLock.tryLock(path: PathString.join(store.directory, "channel-\(name).lock"))
        } catch {
            logger.error("cannot lock the channel's outbox", metadata: ["channel": "\(name)", "reason": "\(error)"])
            return ([], nil, false)
        }
        guard let lock else {
            logger.debug("another process is delivering to this channel", metadata: ["channel": "\(name)"])
            return ([], nil, true)
        }
        defer { lock.unlock() }

        var reports: [DeliveryReport] = []
        var (head, next): (PendingDelivery?, Date?)
        do {
            (head, next) = try store.update { state in Self.head(of: name, at: now(), in: state) }
        } catch {
            logger.error("cannot read the outbox", metadata: ["reason": "\(error)"])
            return ([], nil, false)
        }
        while let delivery = head {
            let result = await attempt(delivery, on: channel)
            let finished = now()
            do {
                (head, next) = try store.update { state in
                    Self.acknowledge(delivery.key, result: result, at: finished, in: &state)
                    state.deliveryCounts[name, default: DeliveryCounts()].count(result)
                    return Self.head(of: name, at: finished, in: state)
                }
            } catch {
                logger.error("cannot record a delivery", metadata: ["reason": "\(error)", "key": "\(delivery.key)"])
                return (reports, nil, false)
            }
            log(result, channel: name, delivery: delivery)
            reports.append(DeliveryReport(channel: name, key: delivery.key, event: delivery.event, result: result))
            if isStopped || Task.isCancelled { break }
            if case .retry = result { break }
        }
        return (reports, next, false)
    }

    /// The channel's head when it is due at `now`, and when the head (this one or a later one) is due.
    private static func head(of channel: String, at now: Date, in state: EngineState) -> (PendingDelivery?, Date?) {
        guard let first = state.outbox.first(where: { $0.channel == channel }) else { return (nil, nil) }
        return (first.nextAttemptAt <= now ? first : nil, first.nextAttemptAt)
    }

    private func attempt(_ delivery: PendingDelivery, on channel: BuiltConfiguration.Channel) async -> DeliveryResult {
        let timeout = channel.configuration.routing.timeout
        // A channel that must not carry login links gets the event without one.
        let event =
            channel.configuration.routing.carryLoginLinks ? delivery.event : delivery.event.withoutLoginLink()
        let notifier = channel.notifier
        return await calls.call(
            channel.name, timeout: timeout,
            onTimeout: DeliveryResult.retry(after: nil, reason: "timed out after \(ConfigDuration.format(timeout))"),
            sleep: sleep
        ) { await notifier.deliver(event) }
    }

    private func log(_ result: DeliveryResult, channel: String, delivery: PendingDelivery) {
        let metadata: Logger.Metadata = [
            "channel": "\(channel)", "probe": "\(delivery.event.probe)", "state": "\(delivery.event.state.rawValue)",
            "episode": "\(delivery.event.episode)", "transition": "\(delivery.event.transition)",
            "reminder": "\(delivery.event.reminder)", "event_id": "\(delivery.event.id)",
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

    /// When `channel`'s head delivery is next due, if it has one.
    public func nextDue(channel name: String) -> Date? {
        guard let state = try? store.read() else { return nil }
        return state.outbox.first { $0.channel == name }?.nextAttemptAt
    }

    /// Sends a clearly marked test event through every named channel (all when empty), bypassing
    /// the ledger and outbox (but not the one-call-at-a-time rule); one report per channel.
    public func sendTest(to names: [String]) async -> [(channel: String, result: DeliveryResult)] {
        let selected = names.isEmpty ? channels : channels.filter { names.contains($0.name) }
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
                let notifier = channel.notifier
                group.addTask {
                    let result = await self.calls.call(
                        channel.name, timeout: timeout,
                        onTimeout: DeliveryResult.retry(
                            after: nil, reason: "timed out after \(ConfigDuration.format(timeout))"),
                        sleep: self.sleep
                    ) { await notifier.deliver(event) }
                    return (index, channel.name, result)
                }
            }
            var results: [(Int, String, DeliveryResult)] = []
            for await item in group { results.append(item) }
            return results.sorted { $0.0 < $1.0 }.map { ($0.1, $0.2) }
        }
    }
}
