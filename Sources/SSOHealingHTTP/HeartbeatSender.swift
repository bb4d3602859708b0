import Logging
import Synchronization

/// Sends heartbeat pings off the caller's path: ``submit(_:_:body:)`` returns at once, one ping
/// is in flight at a time, and a ping submitted while another is in flight waits in a single
/// slot, where a newer one replaces it (the monitor only needs the latest news).
///
/// So a cycle never waits for a slow or hanging monitor, and a monitor that is down never piles
/// up requests. ``flush()`` waits until nothing is in flight or waiting (for `check`, before it
/// exits, and for the daemon, on shutdown).
///
/// ```swift
/// let sender = HeartbeatSender(logger: logger)
/// sender.submit(Heartbeat(url: url, logger: logger), .start)
/// sender.submit(Heartbeat(url: url, logger: logger), .failure(exitStatus: 2), body: "corp expired")
/// await sender.flush()
/// ```
public final class HeartbeatSender: Sendable {
    private struct Ping: Sendable {
        var heartbeat: Heartbeat
        var signal: Heartbeat.Signal
        var body: String?
    }

    private struct State {
        var sending = false
        var waiting: Ping?
        var idle: [CheckedContinuation<Void, Never>] = []
    }

    private let state = Mutex(State())
    private let logger: Logger

    /// Creates a sender; `logger` hears of pings that a newer one replaced before they went out.
    public init(logger: Logger) {
        self.logger = logger
    }

    /// Sends `signal` through `heartbeat` soon, without waiting: at once when nothing is in
    /// flight, otherwise after the ping in flight, unless a newer submission replaces it first.
    public func submit(_ heartbeat: Heartbeat, _ signal: Heartbeat.Signal, body: String? = nil) {
        let ping = Ping(heartbeat: heartbeat, signal: signal, body: body)
        let (start, replaced) = state.withLock { state -> (Bool, Ping?) in
            guard state.sending else {
                state.sending = true
                return (true, nil)
            }
            defer { state.waiting = ping }
            return (false, state.waiting)
        }
        if let replaced {
            logger.debug(
                "heartbeat ping replaced by a newer one before it was sent",
                metadata: ["signal": "\(replaced.signal)", "by": "\(signal)"])
        }
        guard start else { return }
        Task { await self.send(from: ping) }
    }

    /// Returns once no ping is in flight or waiting.
    public func flush() async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            let idle = state.withLock { state -> Bool in
                guard state.sending else { return true }
                state.idle.append(continuation)
                return false
            }
            if idle { continuation.resume() }
        }
    }

    /// Sends `first`, then each waiting ping, until none waits.
    private func send(from first: Ping) async {
        var next: Ping? = first
        while let ping = next {
            await ping.heartbeat.ping(ping.signal, body: ping.body)
            let (following, idle) = state.withLock { state -> (Ping?, [CheckedContinuation<Void, Never>]) in
                if let waiting = state.waiting {
                    state.waiting = nil
                    return (waiting, [])
                }
                state.sending = false
                defer { state.idle.removeAll() }
                return (nil, state.idle)
            }
            for waiter in idle { waiter.resume() }
            next = following
        }
    }
}
