import Synchronization

/// Keeps the ``Notifier`` contract of one call at a time per channel, timeouts included.
///
/// A call that outlives its channel's `timeout` is reported as a retry and cancelled, but a
/// notifier may take a while to notice; the channel's next call waits until the abandoned one
/// has returned, so two calls to one channel never overlap. Other channels go on meanwhile. One
/// instance is shared by every configuration a daemon runs, so a reload cannot start a second
/// call either.
public final class ChannelCalls: Sendable {
    private let abandoned = Mutex<[String: Task<Void, Never>]>([:])

    /// Creates an empty set of calls.
    public init() {}

    /// Whether `channel` has an abandoned call still running.
    public func isBusy(_ channel: String) -> Bool {
        abandoned.withLock { $0[channel] } != nil
    }

    /// Calls `operation` for `channel` once any abandoned call of the channel has returned;
    /// after `timeout` (measured by `sleep`) gives up on it and returns `onTimeout`.
    public func call<T: Sendable>(
        _ channel: String, timeout: Duration, onTimeout: T,
        sleep: @escaping @Sendable (Duration) async throws -> Void,
        _ operation: @escaping @Sendable () async -> T
    ) async -> T {
        if let previous = abandoned.withLock({ $0[channel] }) {
            await previous.value
            abandoned.withLock { calls in
                if calls[channel] == previous { calls[channel] = nil }
            }
        }
        let gate = Gate<T>()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            gate.set(continuation)
            let work = Task {
                let value = await operation()
                gate.resume(value, timedOut: false)
            }
            gate.set(
                work: work,
                timer: Task {
                    do { try await sleep(timeout) } catch { return }
                    guard !Task.isCancelled else { return }
                    if gate.resume(onTimeout, timedOut: true) { work.cancel() }
                })
        }
        if let work = gate.finish() {
            // Timed out: the call goes on in the background until it notices the cancellation.
            abandoned.withLock { $0[channel] = work }
        }
        return result
    }

    /// Resumes the caller once, with the call's result or the timeout's.
    private final class Gate<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, Never>?
            var work: Task<Void, Never>?
            var timer: Task<Void, Never>?
            var timedOut = false
        }

        private let state = Mutex(State())

        func set(_ continuation: CheckedContinuation<T, Never>) {
            state.withLock { $0.continuation = continuation }
        }

        func set(work: Task<Void, Never>, timer: Task<Void, Never>) {
            state.withLock {
                $0.work = work
                $0.timer = timer
            }
        }

        /// Cancels the timer; returns the call when it timed out (and may still be running).
        func finish() -> Task<Void, Never>? {
            let (timer, work, timedOut) = state.withLock { ($0.timer, $0.work, $0.timedOut) }
            timer?.cancel()
            return timedOut ? work : nil
        }

        /// Resumes once; true for the caller that did.
        @discardableResult
        func resume(_ value: T, timedOut: Bool) -> Bool {
            let taken = state.withLock { state -> CheckedContinuation<T, Never>? in
                guard let continuation = state.continuation else { return nil }
                state.continuation = nil
                state.timedOut = timedOut
                return continuation
            }
            guard let taken else { return false }
            taken.resume(returning: value)
            return true
        }
    }
}
