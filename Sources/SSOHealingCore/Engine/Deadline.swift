import Synchronization

/// Runs an operation with a time limit in real time, without waiting for an operation that
/// ignores cancellation: on timeout it is cancelled and left behind.
enum Deadline {
    static func run<T: Sendable>(
        timeout: Duration, onTimeout: T, _ operation: @escaping @Sendable () async -> T
    ) async -> T {
        let gate = Gate<T>()
        let result = await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            gate.set(continuation)
            let work = Task {
                let value = await operation()
                gate.resume(value)
            }
            gate.setTimer(
                Task {
                    try? await Task.sleep(for: timeout)
                    guard !Task.isCancelled else { return }
                    if gate.resume(onTimeout) { work.cancel() }
                })
        }
        gate.cancelTimer()
        return result
    }

    private final class Gate<T: Sendable>: Sendable {
        private struct State {
            var continuation: CheckedContinuation<T, Never>?
            var timer: Task<Void, Never>?
        }

        private let state = Mutex(State())

        func set(_ continuation: CheckedContinuation<T, Never>) {
            state.withLock { $0.continuation = continuation }
        }

        func setTimer(_ timer: Task<Void, Never>) {
            state.withLock { $0.timer = timer }
        }

        func cancelTimer() {
            state.withLock { $0.timer }?.cancel()
        }

        /// Resumes once; true for the caller that did.
        @discardableResult
        func resume(_ value: T) -> Bool {
            let taken = state.withLock { state -> CheckedContinuation<T, Never>? in
                defer { state.continuation = nil }
                return state.continuation
            }
            guard let taken else { return false }
            taken.resume(returning: value)
            return true
        }
    }
}
