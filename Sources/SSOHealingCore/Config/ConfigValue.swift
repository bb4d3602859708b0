/// A decoded configuration value, after `${VAR}` expansion and `_file` secrets.
public enum ConfigValue: Sendable, Equatable {
    /// A string: also a choice, and a string-or-integer key's value as text.
    case string(String)
    /// An integer.
    case integer(Int64)
    /// `true` or `false`.
    case boolean(Bool)
    /// A duration string such as `"10m"`, parsed.
    case duration(Duration)
    /// An array of strings.
    case strings([String])
    /// An inline table of strings, in written order (e.g. HTTP headers).
    case stringTable([StringPair])

    /// One key and value of a string table.
    public struct StringPair: Sendable, Equatable {
        /// The key.
        public var key: String
        /// The value.
        public var value: String

        /// Creates a pair.
        public init(key: String, value: String) {
            self.key = key
            self.value = value
        }
    }
}
