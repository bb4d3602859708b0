/// A value parsed from the TOML-like configuration language, with where it stands in its file.
public struct TOMLNode: Sendable, Equatable {
    /// The value itself.
    public var value: TOMLValue
    /// Where the value starts (its first character) in the source.
    public var location: SourceLocation

    /// Creates a node.
    public init(_ value: TOMLValue, at location: SourceLocation) {
        self.value = value
        self.location = location
    }

    /// Nodes compare by value only: two documents that mean the same are equal wherever their
    /// values stand.
    public static func == (lhs: TOMLNode, rhs: TOMLNode) -> Bool { lhs.value == rhs.value }
}

/// The values of the accepted TOML subset.
public enum TOMLValue: Sendable, Equatable {
    /// A basic or literal string, single- or multi-line, escapes resolved.
    case string(String)
    /// An integer (decimal, hex, octal or binary).
    case integer(Int64)
    /// A float, `inf` and `nan` included.
    case float(Double)
    /// `true` or `false`.
    case boolean(Bool)
    /// An array, each element with where it was written.
    case array([TOMLNode])
    /// A table: a `[header]` table, a dotted key's table or an inline table.
    case table(TOMLTable)

    /// The TOML name of the value's type, as error messages use it.
    public var typeName: String {
        switch self {
        case .string: "string"
        case .integer: "integer"
        case .float: "float"
        case .boolean: "boolean"
        case .array: "array"
        case .table: "table"
        }
    }

    /// Equal values (NaN equals NaN); where they were written does not matter.
    public static func == (lhs: TOMLValue, rhs: TOMLValue) -> Bool {
        switch (lhs, rhs) {
        case (.string(let a), .string(let b)): a == b
        case (.integer(let a), .integer(let b)): a == b
        // NaN equals NaN here: the differential tests compare documents, not arithmetic.
        case (.float(let a), .float(let b)): a == b || (a.isNaN && b.isNaN)
        case (.boolean(let a), .boolean(let b)): a == b
        case (.array(let a), .array(let b)): a == b
        case (.table(let a), .table(let b)): a == b
        default: false
        }
    }
}

/// A TOML table: keys in the order they were first defined, each with its key's location.
public struct TOMLTable: Sendable, Equatable {
    /// One key of a table.
    public struct Entry: Sendable, Equatable {
        /// The key (unquoted, one segment of a dotted key).
        public var key: String
        /// Where the key was written (for a table created by a header or dotted key, where
        /// that segment stands).
        public var keyLocation: SourceLocation
        /// The value.
        public var node: TOMLNode

        /// Creates an entry.
        public init(key: String, keyLocation: SourceLocation, node: TOMLNode) {
            self.key = key
            self.keyLocation = keyLocation
            self.node = node
        }

        /// Equal keys and values; where they were written does not matter.
        public static func == (lhs: Entry, rhs: Entry) -> Bool { lhs.key == rhs.key && lhs.node == rhs.node }
    }

    /// The entries, in definition order.
    public private(set) var entries: [Entry] = []
    private var index: [String: Int] = [:]

    /// Creates an empty table.
    public init() {}

    /// Creates a table from entries with distinct keys and the position of each key, as the
    /// parser has them, without hashing every key again.
    init(entries: [Entry], positions: [String: Int]) {
        self.entries = entries
        self.index = positions
    }

    /// The keys, in definition order.
    public var keys: [String] { entries.map(\.key) }

    /// The entry for `key`, if any.
    public func entry(_ key: String) -> Entry? {
        index[key].map { entries[$0] }
    }

    /// The node for `key`, if any.
    public subscript(key: String) -> TOMLNode? {
        get { index[key].map { entries[$0].node } }
    }

    /// Sets `key` to `node`, keeping the key's first position in the order.
    public mutating func set(_ key: String, at keyLocation: SourceLocation, to node: TOMLNode) {
        if let position = index[key] {
            entries[position].node = node
        } else {
            index[key] = entries.count
            entries.append(Entry(key: key, keyLocation: keyLocation, node: node))
        }
    }

    /// Removes `key` and returns its entry, if it was there.
    @discardableResult
    public mutating func remove(_ key: String) -> Entry? {
        guard let position = index.removeValue(forKey: key) else { return nil }
        let removed = entries.remove(at: position)
        for (offset, entry) in entries.enumerated().dropFirst(position) { index[entry.key] = offset }
        return removed
    }

    /// The same keys with equal values, in any order.
    public static func == (lhs: TOMLTable, rhs: TOMLTable) -> Bool {
        guard lhs.entries.count == rhs.entries.count else { return false }
        for entry in lhs.entries {
            guard let other = rhs[entry.key], other == entry.node else { return false }
        }
        return true
    }
}

/// A syntax error in a TOML document: where, and a short lower-case message.
public struct TOMLSyntaxError: Error, Sendable, Equatable, CustomStringConvertible {
    /// Where the error was found.
    public var location: SourceLocation
    /// A short lower-case phrase saying what is wrong.
    public var message: String

    /// Creates an error.
    public init(_ message: String, at location: SourceLocation) {
        self.message = message
        self.location = location
    }

    /// `LINE:COLUMN: message`.
    public var description: String { "\(location): \(message)" }
}
