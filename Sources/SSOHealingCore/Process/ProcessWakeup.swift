import Synchronization

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Lets a cancelled task wake the thread that watches its program.
///
/// The watching thread polls `readEnd`; `cancel()` sets a flag and writes a byte to the pipe.
final class ProcessWakeup: Sendable {
    private struct State {
        var cancelled = false
        var writeEnd: Int32
    }

    /// The end the watching thread polls; readable once `cancel()` was called.
    let readEnd: Int32
    private let state: Mutex<State>

    /// A new wakeup; `nil` with `errno` set when no pipe can be made.
    init?() {
        guard let pipe = PipePair.make() else { return nil }
        PipePair.setNonBlocking(pipe.read)
        PipePair.setNonBlocking(pipe.write)
        readEnd = pipe.read
        state = Mutex(State(writeEnd: pipe.write))
    }

    /// Whether `cancel()` was called.
    var isCancelled: Bool { state.withLock { $0.cancelled } }

    /// Marks the run cancelled and wakes the watching thread.
    func cancel() {
        state.withLock { state in
            state.cancelled = true
            guard state.writeEnd >= 0 else { return }
            var byte: UInt8 = 1
            _ = write(state.writeEnd, &byte, 1)
        }
    }

    /// Empties the pipe after a wakeup.
    func drain() {
        var bytes = [UInt8](repeating: 0, count: 16)
        while read(readEnd, &bytes, bytes.count) > 0 {}
    }

    /// Closes both ends; later `cancel()` calls only set the flag.
    func release() {
        state.withLock { state in
            if state.writeEnd >= 0 {
                _ = close(state.writeEnd)
                state.writeEnd = -1
            }
        }
        _ = close(readEnd)
    }
}
