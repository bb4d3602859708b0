import SSOHealingCore

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The `console` notifier type, the embedded default channel: one human line per event on
/// standard error (or standard output).
///
/// ```text
/// 2026-11-27T15:04:05Z CRITICAL prod: expired (was ok): refresh token rejected — remedy: aws sso login --profile prod
/// 2026-11-27T19:04:05Z CRITICAL prod: expired (was ok) (reminder 1): refresh token rejected — remedy: aws sso login --profile prod
/// 2026-11-27T19:30:00Z INFO prod: resolved (was expired): SSO session for profile prod is valid
/// ```
///
/// Writes each event as one line to a file descriptor, in a single `write(2)` so that concurrent
/// lines never interleave.
public struct ConsoleNotifier: Notifier {
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

    /// Delivers `event` and says what came of it.
    public func deliver(_ event: AlertEvent) async -> DeliveryResult {
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

extension ConsoleNotifier {
    /// A notifier writing one line per event to `fileDescriptor`, which it does not own or close.
    ///
    /// `name` says where the lines go in failure reasons (e.g. "stderr").
    public init(fileDescriptor: Int32, name: String? = nil) {
        self.init(descriptor: fileDescriptor, name: name ?? "file descriptor \(fileDescriptor)")
    }
}
