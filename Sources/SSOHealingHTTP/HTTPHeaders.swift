/// An ordered list of HTTP header fields whose names compare case-insensitively.
///
/// Field order and duplicates are kept as given. The textual descriptions show header names
/// only, never values, because values often carry credentials.
public struct HTTPHeaders: Sendable, Sequence, ExpressibleByDictionaryLiteral, CustomStringConvertible,
    CustomDebugStringConvertible, CustomReflectable
{
    /// One header field.
    public typealias Element = (name: String, value: String)

    private var fields: [Element]

    /// Creates an empty list.
    public init() {
        fields = []
    }

    /// Creates a list holding `fields` in order.
    public init(_ fields: [(name: String, value: String)]) {
        self.fields = fields
    }

    /// Creates a list from a literal such as `["Content-Type": "application/json"]`, in order.
    public init(dictionaryLiteral elements: (String, String)...) {
        fields = elements.map { (name: $0.0, value: $0.1) }
    }

    /// The number of fields, duplicates included.
    public var count: Int { fields.count }

    /// Whether the list has no fields.
    public var isEmpty: Bool { fields.isEmpty }

    /// The field names, in order.
    public var names: [String] { fields.map(\.name) }

    /// The first value of the field called `name` (any case); setting replaces every field of that
    /// name with one (at the first one's position), and setting `nil` removes them.
    public subscript(name: String) -> String? {
        get { fields.first { Self.name($0.name, matches: name) }?.value }
        set {
            guard let newValue else {
                remove(name)
                return
            }
            guard let first = fields.firstIndex(where: { Self.name($0.name, matches: name) }) else {
                fields.append((name: name, value: newValue))
                return
            }
            fields[first].value = newValue
            let rest = fields[(first + 1)...].filter { !Self.name($0.name, matches: name) }
            fields.replaceSubrange((first + 1)..., with: rest)
        }
    }

    /// Every value of the field called `name` (any case), in order.
    public func values(for name: String) -> [String] {
        fields.filter { Self.name($0.name, matches: name) }.map(\.value)
    }

    /// Whether a field called `name` (any case) is present.
    public func contains(_ name: String) -> Bool {
        fields.contains { Self.name($0.name, matches: name) }
    }

    /// Appends a field, keeping any existing ones of the same name.
    public mutating func add(_ name: String, _ value: String) {
        fields.append((name: name, value: value))
    }

    /// Removes every field called `name` (any case).
    public mutating func remove(_ name: String) {
        fields.removeAll { Self.name($0.name, matches: name) }
    }

    /// Appends `text`, after a space, to the last field's value (for folded header lines).
    mutating func extendLastValue(with text: String) {
        guard !fields.isEmpty else { return }
        fields[fields.count - 1].value += " " + text
    }

    /// Iterates over the fields in order.
    public func makeIterator() -> IndexingIterator<[Element]> {
        fields.makeIterator()
    }

    /// The header names, without values: values may be secrets.
    public var description: String { "[" + names.joined(separator: ", ") + "]" }

    /// Same as `description`: names only.
    public var debugDescription: String { "HTTPHeaders" + description }

    /// A mirror that shows names only, so `dump` cannot reveal values.
    public var customMirror: Mirror { Mirror(self, unlabeledChildren: names, displayStyle: .collection) }

    /// Whether two header names are equal ignoring ASCII case, as HTTP compares them.
    public static func name(_ lhs: String, matches rhs: String) -> Bool {
        let left = lhs.utf8
        let right = rhs.utf8
        guard left.count == right.count else { return false }
        return zip(left, right).allSatisfy { asciiLowercase($0) == asciiLowercase($1) }
    }

    private static func asciiLowercase(_ byte: UInt8) -> UInt8 {
        (byte >= 0x41 && byte <= 0x5A) ? byte | 0x20 : byte
    }
}

extension HTTPHeaders: Equatable {
    /// Lists are equal when they hold the same fields (names compared case-insensitively) in the
    /// same order.
    public static func == (lhs: HTTPHeaders, rhs: HTTPHeaders) -> Bool {
        lhs.fields.count == rhs.fields.count
            && zip(lhs.fields, rhs.fields).allSatisfy { name($0.name, matches: $1.name) && $0.value == $1.value }
    }
}
