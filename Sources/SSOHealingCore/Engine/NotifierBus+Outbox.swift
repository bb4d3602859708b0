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

/// The outbox's rules, as pure functions of the ``EngineState``: which delivery is due, and what
/// an attempt's outcome does to it.
extension NotifierBus {
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

    /// The longest a channel's retry-after is honoured; a longer one is cut to this.
    public static let longestRetryAfter: Duration = .seconds(3600)

    /// Applies the outcome of an attempt at `key`: delivered and failed leave the outbox, retry
    /// reschedules with exponential backoff (1 s doubling to 5 min, ±20 % jitter) or the channel's
    /// retry-after (at most an hour). Returns the updated delivery when it stays.
    @discardableResult
    public static func acknowledge(
        _ key: DeliveryKey, result: DeliveryResult, at now: Date, jitter: Double = Double.random(in: -1...1),
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
            let delay =
                after.map { min($0, longestRetryAfter) } ?? backoff(attempt: delivery.attempts, jitter: jitter)
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
