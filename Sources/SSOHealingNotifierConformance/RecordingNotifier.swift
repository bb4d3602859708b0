import SSOHealingCore
import Synchronization

/// A notifier that keeps what it is given and answers as told: the test double for code that
/// sends alerts, as swift-log ships `InMemoryLogHandler`.
public final class RecordingNotifier: Notifier {
    private struct State {
        var events: [AlertEvent] = []
        var next: [DeliveryResult] = []
        var fallback: DeliveryResult = .delivered
    }

    private let state = Mutex(State())

    /// Creates a notifier that delivers everything.
    public init() {}

    /// The events delivered (or attempted), in order.
    public var events: [AlertEvent] { state.withLock { $0.events } }

    /// Answers the next deliveries with `results`, in order, then with `fallback`.
    public func answer(_ results: [DeliveryResult], thenAlways fallback: DeliveryResult = .delivered) {
        state.withLock {
            $0.next = results
            $0.fallback = fallback
        }
    }

    /// Keeps `event` and answers the next result given to ``answer(_:thenAlways:)``, or the fallback.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
        state.withLock { state in
            state.events.append(event)
            return state.next.isEmpty ? state.fallback : state.next.removeFirst()
        }
    }
}
