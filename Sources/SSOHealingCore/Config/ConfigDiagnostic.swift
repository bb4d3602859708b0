/// One problem found in a configuration file, printed as `FILE:LINE:COLUMN: message`.
public struct ConfigDiagnostic: Error, Sendable, Hashable, CustomStringConvertible {
    /// Whether the problem makes the configuration invalid.
    public enum Severity: String, Sendable, Hashable {
        /// The configuration is invalid.
        case error
        /// The configuration is used, but something deserves attention.
        case warning
    }

    /// The file the problem is in, as the user named it.
    public var file: String
    /// Where in the file; file-level problems point at 1:1.
    public var location: SourceLocation
    /// A short lower-case phrase that names the offending value.
    public var message: String
    /// Error or warning.
    public var severity: Severity

    /// Creates a diagnostic.
    public init(file: String, location: SourceLocation, message: String, severity: Severity = .error) {
        self.file = file
        self.location = location
        self.message = message
        self.severity = severity
    }

    /// `FILE:LINE:COLUMN: message` for errors, `FILE:LINE:COLUMN: warning: message` for warnings.
    ///
    /// Always one line: a control character in the message (a quoted key or value may hold a
    /// line break) or in the file's name is written as an escape (``TerminalText``).
    public var description: String {
        let prefix = "\(TerminalText.escaped(file)):\(location.line):\(location.column): "
        let text = TerminalText.escaped(message)
        return severity == .error ? prefix + text : prefix + "warning: " + text
    }
}

/// Every error found while loading a configuration, all files, in one value.
public struct ConfigurationError: Error, Sendable, CustomStringConvertible {
    /// The errors, in file order and then in position order.
    public var diagnostics: [ConfigDiagnostic]

    /// Creates the error from its diagnostics.
    public init(diagnostics: [ConfigDiagnostic]) {
        self.diagnostics = diagnostics
    }

    /// One diagnostic per line.
    public var description: String { diagnostics.map(\.description).joined(separator: "\n") }
}

/// Collects diagnostics while one configuration is read.
struct DiagnosticCollector {
    private(set) var diagnostics: [ConfigDiagnostic] = []

    var errors: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .error } }
    var warnings: [ConfigDiagnostic] { diagnostics.filter { $0.severity == .warning } }
    var hasErrors: Bool { diagnostics.contains { $0.severity == .error } }

    mutating func error(_ message: String, file: String, at location: SourceLocation) {
        diagnostics.append(ConfigDiagnostic(file: file, location: location, message: message))
    }

    mutating func warning(_ message: String, file: String, at location: SourceLocation) {
        diagnostics.append(ConfigDiagnostic(file: file, location: location, message: message, severity: .warning))
    }

    mutating func append(contentsOf other: [ConfigDiagnostic]) {
        diagnostics.append(contentsOf: other)
    }
}
