import InMemoryLogging
import Logging

/// A logger that keeps every entry, for tests that look for secrets in what a notifier logs.
public struct LogCapture: Sendable {
    /// The logger to hand to the code under test (level `trace`).
    public let logger: Logger
    /// The handler holding the entries.
    public let handler: InMemoryLogHandler

    /// Creates a capture labelled `label`.
    public init(label: String = "test") {
        let handler = InMemoryLogHandler()
        var logger = Logger(label: label) { _ in handler }
        logger.logLevel = .trace
        self.logger = logger
        self.handler = handler
    }

    /// Every entry as one line: level, message and metadata.
    public var lines: [String] { Self.lines(of: handler) }

    /// Every entry `handler` holds as one line: level, message and metadata.
    public static func lines(of handler: InMemoryLogHandler) -> [String] {
        handler.entries.map { entry in
            "\(entry.level) \(entry.message) " + entry.metadata.map { "\($0.key)=\($0.value)" }.joined(separator: " ")
        }
    }
}
