/// The keys one kind of configuration table accepts: their types, defaults and which are secrets.
public struct ConfigSchema: Sendable {
    /// The keys, in the order `config show` prints them.
    public var keys: [ConfigKey]
    /// Checks that go beyond each key's type (e.g. "command must not be empty"); returns errors.
    public var validate: (@Sendable (ConfigSection) -> [ConfigDiagnostic])?

    /// Creates a schema.
    public init(keys: [ConfigKey], validate: (@Sendable (ConfigSection) -> [ConfigDiagnostic])? = nil) {
        self.keys = keys
        self.validate = validate
    }

    /// The key named `name`, if the schema has it.
    public func key(_ name: String) -> ConfigKey? {
        keys.first { $0.name == name }
    }

    /// This schema followed by `other`'s keys and checks.
    public func merging(_ other: ConfigSchema) -> ConfigSchema {
        let first = validate
        let second = other.validate
        let combined: (@Sendable (ConfigSection) -> [ConfigDiagnostic])?
        switch (first, second) {
        case (nil, nil): combined = nil
        case (let one?, nil): combined = one
        case (nil, let two?): combined = two
        case (let one?, let two?): combined = { one($0) + two($0) }
        }
        return ConfigSchema(keys: keys + other.keys.filter { key($0.name) == nil }, validate: combined)
    }
}

/// One key of a configuration table.
public struct ConfigKey: Sendable {
    /// The type a key's value must have.
    public enum Kind: Sendable, Equatable {
        /// Any string.
        case string
        /// One of a fixed set of strings.
        case choice([String])
        /// An integer within a range.
        case integer(ClosedRange<Int64>)
        /// `true` or `false`.
        case boolean
        /// A duration string such as `"10m"`.
        case duration
        /// A duration string longer than zero, for keys where `"0"` makes no sense (a timeout).
        case positiveDuration
        /// An array of strings.
        case strings
        /// An inline table whose values are strings.
        case stringTable
        /// A string or an integer, kept as its text (e.g. a Telegram chat id).
        case stringOrInteger
        /// One string or an array of them, kept as an array (e.g. several replicas' URLs).
        case stringOrStrings

        /// How messages name the expected type.
        var expectation: String {
            switch self {
            case .string: "a string"
            case .choice(let options): "one of " + options.map { "\"\($0)\"" }.joined(separator: ", ")
            case .integer: "an integer"
            case .boolean: "a boolean"
            case .duration: "a duration string such as \"10m\""
            case .positiveDuration: "a duration string longer than 0 such as \"10m\""
            case .strings: "an array of strings"
            case .stringTable: "an inline table of strings"
            case .stringOrInteger: "a string or an integer"
            case .stringOrStrings: "a string or an array of strings"
            }
        }
    }

    /// The key's name.
    public var name: String
    /// The type of its value.
    public var kind: Kind
    /// The value when the key is absent; `nil` means absent stays absent.
    public var defaultValue: ConfigValue?
    /// Whether the value can carry a credential: never printed, never logged.
    public var isSecret: Bool
    /// Which of the key's strings are program arguments, which may carry a password: those
    /// that look like a credential are hidden in every output (see ``Redactor``).
    public var programArguments: ProgramArguments
    /// Whether the key must be given.
    public var isRequired: Bool
    /// One line saying what the key is for.
    public var summary: String

    /// Creates a key.
    public init(
        _ name: String, _ kind: Kind, default defaultValue: ConfigValue? = nil, secret: Bool = false,
        required: Bool = false, arguments: ProgramArguments = .none, summary: String = ""
    ) {
        self.name = name
        self.kind = kind
        self.defaultValue = defaultValue
        self.isSecret = secret
        self.isRequired = required
        self.programArguments = arguments
        self.summary = summary
    }

    /// Which strings of a key's value are arguments to a program.
    public enum ProgramArguments: Sendable, Equatable {
        /// None: the value is no command line.
        case none
        /// A command line: the program, then its arguments (`command = ["check", "-p", "…"]`).
        case afterProgram
        /// Every string is an argument (`args = ["--token", "…"]`).
        case all
    }
}
