import CSignalPipe
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Signals sent to this process, as async streams. A handler writes each caught signal to a pipe
/// that one thread of ours reads; unlike a Dispatch signal source, it keeps no Dispatch worker
/// alive. A signal caught with no stream open for it is dropped (its default action is gone
/// once a stream for it has been opened).
public enum ProcessSignals {
    /// The signal handlers could not be installed.
    public struct Failure: Error, Sendable, CustomStringConvertible {
        /// The signals asked for.
        public let signals: [Int32]
        /// The `errno` of the failure.
        public let code: Int32

        /// One line naming the signals and the system's reason.
        public var description: String {
            "cannot catch signals \(signals.map(String.init).joined(separator: ", ")): \(String(cString: strerror(code)))"
        }
    }

    private struct Subscriber {
        var signals: Set<Int32>
        var continuation: AsyncStream<Int32>.Continuation
    }

    private struct State {
        var subscribers: [UInt64: Subscriber] = [:]
        var nextID: UInt64 = 0
        var readerStarted = false
    }

    private static let state = Mutex(State())

    /// The signals among `signals` this process receives from now on, in order.
    public static func stream(_ signals: Set<Int32>) throws -> AsyncStream<Int32> {
        let numbers = Array(signals)
        let descriptor = numbers.withUnsafeBufferPointer {
            sso_signal_pipe_install($0.baseAddress!, Int32($0.count))
        }
        guard descriptor >= 0 else {
            throw Failure(signals: numbers.sorted(), code: errno)
        }
        let (stream, continuation) = AsyncStream.makeStream(of: Int32.self, bufferingPolicy: .unbounded)
        let id = try state.withLock { state throws(DetachedThread.StartError) -> UInt64 in
            if !state.readerStarted {
                try DetachedThread.start(name: "signals") { readSignals(from: descriptor) }
                state.readerStarted = true
            }
            state.nextID += 1
            state.subscribers[state.nextID] = Subscriber(signals: signals, continuation: continuation)
            return state.nextID
        }
        continuation.onTermination = { _ in
            _ = state.withLock { $0.subscribers.removeValue(forKey: id) }
        }
        return stream
    }

    private static func readSignals(from descriptor: Int32) {
        var byte: UInt8 = 0
        while true {
            let count = read(descriptor, &byte, 1)
            if count < 0 && errno == EINTR { continue }
            guard count == 1 else { return }
            let number = Int32(byte)
            let receivers = state.withLock { state in
                state.subscribers.values.filter { $0.signals.contains(number) }.map(\.continuation)
            }
            for receiver in receivers { receiver.yield(number) }
        }
    }
}
