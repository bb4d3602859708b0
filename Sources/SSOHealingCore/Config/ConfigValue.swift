/// A decoded configuration value, after `${VAR}` expansion and `_file` secrets.
public enum ConfigValue: Sendable, Equatable {
    case string(String)
    case integer(Int64)
    case boolean(Bool)
    case duration(Duration)
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
