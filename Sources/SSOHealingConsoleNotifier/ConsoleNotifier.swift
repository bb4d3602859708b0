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
public enum ConsoleNotifier {
    /// The `type` name drop-ins use.
    public static let type: NotifierType = "console"

    /// The keys a `console` drop-in accepts besides the common ones.
    public static let schema = ConfigSchema(keys: [
        ConfigKey(
            "stream", .choice(["stderr", "stdout"]), default: .string("stderr"),
            summary: "where the lines go: \"stderr\" or \"stdout\"")
    ])

    /// Builds `console` channels from drop-ins.
    public static let factory = NotifierFactory(schema: schema) { context in
        switch context.section.string("stream") ?? "stderr" {
        case "stderr": return make(fileDescriptor: STDERR_FILENO, name: "stderr")
        case "stdout": return make(fileDescriptor: STDOUT_FILENO, name: "stdout")
        case let other:
            throw context.section.error(
                "\"stream\" must be \"stderr\" or \"stdout\", not \"\(other)\"", key: "stream")
        }
    }

    /// A channel writing one line per event to `fileDescriptor`, which it does not own or close.
    ///
    /// `name` says where the lines go in failure reasons (e.g. "stderr").
    public static func make(fileDescriptor: Int32, name: String? = nil) -> some Notifier {
        ConsoleChannel(descriptor: fileDescriptor, name: name ?? "file descriptor \(fileDescriptor)")
    }

    /// The line a console channel writes for `event`, with its trailing newline.
    public static func line(for event: AlertEvent) -> String {
        ConsoleLine(event).text
    }
}
