import SSOHealingCore

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The simulator's standard input: one command a line, each reply on standard error (standard
/// output carries only the shell lines).
enum SimulatorConsole {
    /// Reads commands on a thread of its own until standard input ends.
    ///
    /// A simulator started in the background of an interactive shell (`&`) must not be stopped
    /// by the terminal for reading it: `SIGTTIN` is ignored, and while the terminal answers `EIO`
    /// (not in the foreground) the thread looks again each second, so `fg` brings the commands back.
    static func start(_ simulator: Simulator) throws {
        signal(SIGTTIN, SIG_IGN)
        try DetachedThread.start(name: "stdin") {
            var pending: [UInt8] = []
            var buffer = [UInt8](repeating: 0, count: 4096)
            while true {
                let count = buffer.withUnsafeMutableBytes { read(STDIN_FILENO, $0.baseAddress, $0.count) }
                if count < 0 {
                    if errno == EINTR { continue }
                    if errno == EIO || errno == EAGAIN {
                        sleep(1)
                        continue
                    }
                    return
                }
                if count == 0 {
                    if !pending.isEmpty { answer(String(decoding: pending, as: UTF8.self), simulator) }
                    return
                }
                pending += buffer[0..<count]
                while let newline = pending.firstIndex(of: UInt8(ascii: "\n")) {
                    answer(String(decoding: pending[..<newline], as: UTF8.self), simulator)
                    pending.removeSubrange(...newline)
                }
            }
        }
    }

    private static func answer(_ line: String, _ simulator: Simulator) {
        guard let reply = simulator.perform(line) else { return }
        DemoOutput.complain(reply.ok ? reply.text : "refused: \(reply.text)")
    }
}
