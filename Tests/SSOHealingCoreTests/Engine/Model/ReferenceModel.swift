import Foundation
import SSOHealingCore

/// A plain implementation of `alert-semantics.md`: results, channel answers, crashes, restarts,
/// reloads and cancellations in; what each channel receives out. It shares no code with the
/// engine beyond the value types of the model (states, severities), so the engine's tests can use
/// it as their oracle.
struct ReferenceModel {
    struct Target: Equatable {
        var name: String
        var failureThreshold: Int
        var successThreshold: Int
        var fingerprint: String { "command:\(name)" }
    }

    struct Channel: Equatable {
        var name: String
        var minSeverity: Severity = .info
        var sendResolved = true
        /// nil: the default (4 h in expired, never in degraded); 0: never.
        var repeatInterval: TimeInterval?
        var probes: Set<String>?

        func interval(in state: HealthState) -> TimeInterval? {
            let interval = repeatInterval ?? (state == .expired ? 4 * 3600 : nil)
            guard let interval, interval > 0 else { return nil }
            return interval
        }
    }

    struct Config: Equatable {
        var targets: [Target]
        var channels: [Channel]
        var outboxMaxAge: TimeInterval
    }

    /// One notification as a channel receives it.
    struct Delivery: Equatable, CustomStringConvertible {
        var channel: String
        var fingerprint: String
        var episode: Int
        var transition: Int
        var reminder: Int
        var previous: HealthState
        var state: HealthState
        var at: Date
        var since: Date?

        var key: String { "\(channel)|\(fingerprint)|\(episode)|\(transition)|\(reminder)" }
        var description: String { "\(key) \(previous.rawValue)→\(state.rawValue)" }
    }

    private struct Health {
        var state: HealthState = .unknown
        var episode = 0
        var transition = 0
        var since: Date?
        var streak: String?
        var count = 0
    }

    private struct Heard {
        var episode: Int
        var transition: Int
        var state: HealthState
        var since: Date
        var reminder: Int
        var previous: HealthState
    }

    private struct Item {
        var delivery: Delivery
        var enqueuedAt: Date
    }

    private(set) var config: Config
    private var health: [String: Health] = [:]
    private var heard: [String: Heard] = [:]  // "channel|fingerprint"
    private var ledger: Set<String> = []
    private var outbox: [String: [Item]] = [:]  // per channel, in enqueue order
    /// Everything each channel received, in order (a crash before an acknowledgement repeats one).
    private(set) var received: [String: [Delivery]] = [:]

    init(config: Config) {
        self.config = config
    }

    // MARK: Inputs

    /// A cycle: `results` in the probes' configuration order, at `now`. Changes are enqueued in
    /// that order, then reminders by target name, then old deliveries are dropped.
    mutating func cycle(_ results: [(target: String, result: HealthState)], at now: Date) {
        for (name, result) in results {
            guard let target = config.targets.first(where: { $0.name == name }) else { continue }
            record(result, for: target, at: now)
        }
        remind(at: now)
        let oldest = now.addingTimeInterval(-config.outboxMaxAge)
        for channel in outbox.keys { outbox[channel]?.removeAll { $0.enqueuedAt < oldest } }
    }

    /// A channel's worker drains: answers in order until one is a retry or nothing is left.
    /// `answer` gives the channel's answer to each attempt; `crashAfterDelivering` makes the
    /// process die after the channel took that attempt, before its acknowledgement.
    mutating func drain(
        _ channel: String, answer: () -> Answer, crashAfterDelivering: Bool = false
    ) -> Bool {
        guard config.channels.contains(where: { $0.name == channel }) else { return false }
        while let head = outbox[channel]?.first {
            let reply = answer()
            switch reply {
            case .delivered:
                received[channel, default: []].append(head.delivery)
                if crashAfterDelivering { return true }
                outbox[channel]!.removeFirst()
            case .failed:
                outbox[channel]!.removeFirst()
            case .retry:
                return false
            }
        }
        return false
    }

    /// A new configuration: probes and channels as given; the outbox and ledger carry on.
    mutating func reload(_ config: Config) {
        self.config = config
    }

    /// What the channel answers.
    enum Answer: Equatable { case delivered, retry, failed }

    // MARK: Rules

    private static func effective(_ state: HealthState) -> HealthState { state == .unknown ? .degraded : state }

    private mutating func record(_ raw: HealthState, for target: Target, at now: Date) {
        var health = self.health[target.name] ?? Health()
        defer { self.health[target.name] = health }
        let result = Self.effective(raw)
        if result == health.state {
            health.streak = nil
            health.count = 0
            return
        }
        let healthy = health.state == .ok || health.state == .unknown
        // From a healthy state every failing result counts together; from a failing one, each
        // state counts on its own.
        let category = healthy ? (result == .ok ? "ok" : "failing") : result.rawValue
        health.count = health.streak == category ? health.count + 1 : 1
        health.streak = category
        guard health.count >= (result == .ok ? target.successThreshold : target.failureThreshold) else { return }
        let previous = health.state
        if healthy {
            if result != .ok {
                health.episode += 1
                health.transition = 0
            }
        } else {
            health.transition += 1
        }
        health.state = result
        health.since = now
        health.streak = nil
        health.count = 0
        guard !(previous == .unknown && result == .ok) else { return }
        for channel in config.channels {
            let place = "\(channel.name)|\(target.fingerprint)"
            if let probes = channel.probes, !probes.contains(target.name) { continue }
            if result == .ok {
                guard channel.sendResolved, let known = heard[place], known.episode == health.episode else { continue }
            } else {
                guard result.severity >= channel.minSeverity else { continue }
            }
            let delivery = Delivery(
                channel: channel.name, fingerprint: target.fingerprint, episode: health.episode,
                transition: health.transition, reminder: 0, previous: previous, state: result, at: now)
            if enqueue(delivery, at: now) {
                heard[place] = Heard(
                    episode: health.episode, transition: health.transition, state: result, since: now, reminder: 0,
                    previous: previous)
            }
        }
    }

    private mutating func remind(at now: Date) {
        for (name, health) in health.sorted(by: { $0.key < $1.key }) {
            guard health.state == .degraded || health.state == .expired else { continue }
            let fingerprint = "command:\(name)"
            for channel in config.channels {
                let place = "\(channel.name)|\(fingerprint)"
                guard var known = heard[place], known.episode == health.episode,
                    known.transition == health.transition, known.state == health.state,
                    let interval = channel.interval(in: health.state)
                else { continue }
                let elapsed = now.timeIntervalSince(known.since)
                guard elapsed >= 0 else { continue }
                let number = Int((elapsed / interval).rounded(.down))
                guard number > known.reminder else { continue }
                known.reminder = number
                heard[place] = known
                enqueue(
                    Delivery(
                        channel: channel.name, fingerprint: fingerprint, episode: health.episode,
                        transition: health.transition, reminder: number, previous: known.previous,
                        state: health.state, at: now, since: known.since),
                    at: now)
            }
        }
    }

    @discardableResult
    private mutating func enqueue(_ delivery: Delivery, at now: Date) -> Bool {
        guard ledger.insert(delivery.key).inserted else { return false }
        outbox[delivery.channel, default: []].append(Item(delivery: delivery, enqueuedAt: now))
        return true
    }

    /// Whether anything waits for `channel`.
    func hasPending(_ channel: String) -> Bool { !(outbox[channel]?.isEmpty ?? true) }
}
