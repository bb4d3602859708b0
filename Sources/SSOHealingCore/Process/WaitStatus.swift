/// How a reaped child ended, decoded from a `waitpid` status (the `WIFEXITED` macros, which Swift cannot import).
struct WaitStatus: Equatable {
    /// The exit status, when the child exited.
    var exitStatus: Int32?
    /// The signal, when one ended the child.
    var signal: Int32?

    /// Decodes a raw `waitpid` status.
    init(raw: Int32) {
        let low = raw & 0x7f
        if low == 0 {
            exitStatus = (raw >> 8) & 0xff
        } else if low != 0x7f {
            signal = low
        }
    }

    /// A status for a child someone else reaped (e.g. with `SIGCHLD` ignored): nothing known.
    init() {}
}
