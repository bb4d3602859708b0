/// One decoded configuration table (`[daemon]`, `[probe.NAME]` or a drop-in): values after
/// defaults, `${VAR}` expansion and `_file` secrets, with where each came from.
public struct ConfigSection: Sendable {
    /// The file the table is in.
    public var file: String
    /// The table's name in messages: `daemon`, `probe.prod`, or the drop-in's notifier name.
    public var path: String
    /// Where the table starts (its header, or 1:1 for a whole file).
    public var location: SourceLocation
    /// The values: given ones and defaults.
    public var values: [String: ConfigValue]
    /// Where each given value stands.
    public var locations: [String: SourceLocation]
    /// Keys whose values are credentials.
    public var secretKeys: Set<String>
    /// The schema the table was decoded with, for printing in order.
    public var schema: ConfigSchema
    /// Every credential the table holds: the values of secret keys, every value that came from
    /// `${VAR}` or a `KEY_file`, and the user info of every URL.
    public var secretValues: [String] = []
    /// Program arguments (`command`, `args`), hidden where they look like a credential.
    public var argumentValues: [String] = []

    /// The redactor for this table's secrets.
    public var redactor: Redactor { Redactor(secrets: secretValues, arguments: argumentValues) }

    /// Creates a section.
    public init(
        file: String, path: String, location: SourceLocation, values: [String: ConfigValue] = [:],
        locations: [String: SourceLocation] = [:], secretKeys: Set<String> = [], schema: ConfigSchema
    ) {
        self.file = file
        self.path = path
        self.location = location
        self.values = values
        self.locations = locations
        self.secretKeys = secretKeys
        self.schema = schema
    }

    /// Whether `key` was written in the file (not just defaulted).
    public func isGiven(_ key: String) -> Bool { locations[key] != nil }

    /// The string value of `key` (also for choices and string-or-integer keys).
    public func string(_ key: String) -> String? {
        if case .string(let value) = values[key] { return value }
        return nil
    }

    /// The integer value of `key`.
    public func integer(_ key: String) -> Int64? {
        if case .integer(let value) = values[key] { return value }
        return nil
    }

    /// The boolean value of `key`.
    public func bool(_ key: String) -> Bool? {
        if case .boolean(let value) = values[key] { return value }
        return nil
    }

    /// The duration value of `key`.
    public func duration(_ key: String) -> Duration? {
        if case .duration(let value) = values[key] { return value }
        return nil
    }

    /// The array-of-strings value of `key`.
    public func strings(_ key: String) -> [String]? {
        if case .strings(let value) = values[key] { return value }
        return nil
    }

    /// The string-table value of `key`, in written order.
    public func stringTable(_ key: String) -> [ConfigValue.StringPair]? {
        if case .stringTable(let value) = values[key] { return value }
        return nil
    }

    /// An error about `key`, located at its value (or the table when the key is absent).
    public func error(_ message: String, key: String? = nil) -> ConfigDiagnostic {
        ConfigDiagnostic(file: file, location: key.flatMap { locations[$0] } ?? location, message: message)
    }

    /// A warning about `key`, located at its value (or the table when the key is absent).
    public func warning(_ message: String, key: String? = nil) -> ConfigDiagnostic {
        ConfigDiagnostic(
            file: file, location: key.flatMap { locations[$0] } ?? location, message: message, severity: .warning)
    }
}
