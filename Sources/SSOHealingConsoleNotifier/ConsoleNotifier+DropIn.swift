import SSOHealingCore

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

extension ConsoleNotifier {
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
        case "stderr": return ConsoleNotifier(fileDescriptor: STDERR_FILENO, name: "stderr")
        case "stdout": return ConsoleNotifier(fileDescriptor: STDOUT_FILENO, name: "stdout")
        case let other:
            throw context.section.error(
                "\"stream\" must be \"stderr\" or \"stdout\", not \"\(other)\"", key: "stream")
        }
    }

    /// The line a console channel writes for `event`, with its trailing newline.
    public static func line(for event: AlertEvent) -> String {
        ConsoleLine(event).text
    }
}
