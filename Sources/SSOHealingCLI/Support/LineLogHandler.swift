import Logging
import SSOHealingCore
import Synchronization

#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// Writes log lines to stderr: `text` for people, `json` (one object a line) for collectors.
///
/// No configured secret reaches a line (``Redactor/current``), and control characters in
/// messages and values are escaped (``TerminalText``; JSON writes them the
/// same way), so a log line is always one line and cannot steer a terminal.
struct LineLogHandler: LogHandler {
    var label: String
    var format: LogFormat
    var logLevel: Logger.Level
    var metadata: Logger.Metadata = [:]

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        let level = event.level
        let redactor = Redactor.current
        let message = redactor.redact("\(event.message)")
        let explicit = event.metadata
        var merged = metadata
        if let explicit { merged.merge(explicit) { $1 } }
        let text: String
        switch format {
        case .text:
            var line =
                "\(Timestamp.string(Date())) \(level.rawValue.uppercased()) \(TerminalText.escaped("\(message)"))"
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                line += " \(key)=\(Self.quoteIfNeeded(redactor.redact("\(value)")))"
            }
            text = line
        case .json:
            var pairs: [(String, JSONValue)] = [
                ("at", .string(Timestamp.string(Date()))), ("level", .string(level.rawValue)),
                ("message", .string("\(message)")), ("logger", .string(label)),
            ]
            for (key, value) in merged.sorted(by: { $0.key < $1.key }) {
                pairs.append((key, .string(redactor.redact("\(value)"))))
            }
            text = JSONValue.object(pairs).serialized()
        }
        SystemIO.writeAll((text + "\n").utf8, to: STDERR_FILENO)
    }

    private static func quoteIfNeeded(_ value: String) -> String {
        guard value.isEmpty || value.contains(where: { $0 == " " || $0 == "\"" || $0 == "=" || $0.isNewline }) else {
            return TerminalText.escaped(value)
        }
        return JSONValue.string(value).serialized()
    }
}

extension GlobalOptions {
    /// Sets up swift-log once for the process, as these options say.
    func bootstrapLogging() {
        LoggingBootstrap.once(format: logFormat, level: verbose ? .debug : .info)
    }

    /// A logger for `label`.
    func logger(_ label: String = ProductInfo.name) -> Logger {
        bootstrapLogging()
        return Logger(label: label)
    }
}

/// Bootstraps swift-log at most once per process.
enum LoggingBootstrap {
    private static let done = Mutex(false)

    static func once(format: LogFormat, level: Logger.Level) {
        let first = done.withLock { done -> Bool in
            defer { done = true }
            return !done
        }
        guard first else { return }
        LoggingSystem.bootstrap { label in LineLogHandler(label: label, format: format, logLevel: level) }
    }
}
