import SSOHealingCore

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Writes each event as one line to a file descriptor, in a single `write(2)` so that concurrent
/// lines never interleave.
struct ConsoleChannel: Notifier {
    /// The descriptor written to; not owned.
    let descriptor: Int32
    /// Where the lines go, in failure reasons.
    let name: String

    init(descriptor: Int32, name: String) {
        // A console whose reader went away must fail a delivery, not end the daemon.
        ProcessRunner.ignoreBrokenPipeSignal()
        self.descriptor = descriptor
        self.name = name
    }

    func deliver(_ event: AlertEvent) async -> DeliveryResult {
        let bytes = Array(ConsoleLine(event).text.utf8)
        var written = 0
        while written < bytes.count {
            let count = bytes.withUnsafeBytes { write(descriptor, $0.baseAddress! + written, $0.count - written) }
            if count > 0 {
                written += count
            } else if count == 0 {
                return .failed(reason: "cannot write to \(name): nothing was written")
            } else if errno != EINTR {
                return .failed(reason: "cannot write to \(name): \(String(cString: strerror(errno)))")
            }
        }
        return .delivered
    }
}
