/// A table under construction.
///
/// A reference, so that headers and dotted keys can reach back into tables defined earlier, and
/// marked with how it came to be, which is what TOML's rules about redefining tables depend on.
/// Finished values (including inline tables and arrays, which TOML makes immutable) are stored
/// as nodes; only tables that headers and dotted keys may still extend are builders.
final class TOMLTableBuilder {
    /// How a table came to be.
    enum Origin {
        /// The document's root table.
        case root
        /// Created as a parent of a table named by a header (`a` for `[a.b]`); a header may
        /// still define it.
        case implicit
        /// Defined by a table header.
        case header
        /// Created by a dotted key (`a` for `a.b = 1`), in a section or an inline table.
        case dotted
        /// An inline table being parsed.
        case inline
    }

    /// What a key holds: a table that may still grow, or a finished value.
    enum Child {
        case table(TOMLTableBuilder)
        case value(TOMLNode)
    }

    /// One key of the table.
    struct Entry {
        let key: String
        let keyLocation: SourceLocation
        var child: Child
    }

    /// How the table came to be.
    var origin: Origin
    /// How deep it is nested (top-level tables: from the root; tables inside a value: from the
    /// value's start), which `Limits.maxDepth` bounds.
    let depth: Int
    /// Where the table is defined: its header's `[`, its inline table's `{`, or the key segment
    /// that created it.
    var location: SourceLocation
    /// The keys, in definition order.
    private(set) var entries: [Entry] = []
    /// The position of each key in `entries`.
    private(set) var positions: [String: Int] = [:]

    init(origin: Origin, depth: Int, location: SourceLocation) {
        self.origin = origin
        self.depth = depth
        self.location = location
    }

    /// What `key` holds, if it is defined.
    ///
    /// Swift compares strings by canonical equivalence, TOML by code points: a key spelled with
    /// other code points than an equivalent existing one (`"é"` and `"e\u{301}"`) would silently
    /// share its entry, so it is an error, thrown with `path`, the key's quoted path.
    func child(
        _ key: String, path: @autoclosure () -> String, at location: SourceLocation
    ) throws(TOMLSyntaxError)
        -> Child?
    {
        guard let position = positions[key] else { return nil }
        guard entries[position].key.unicodeScalars.elementsEqual(key.unicodeScalars) else {
            throw TOMLSyntaxError(
                "key \(path()) differs from an existing key only in Unicode normalization", at: location)
        }
        return entries[position].child
    }

    /// Defines `key` (which must not be defined yet).
    func add(_ key: String, at keyLocation: SourceLocation, _ child: Child) {
        positions[key] = entries.count
        entries.append(Entry(key: key, keyLocation: keyLocation, child: child))
    }

    // MARK: TOML's rules

    /// Finds or creates the table a header names below this (root) table, applying TOML's rules:
    /// a table is defined once, by a header or by dotted keys, and inline tables are immutable.
    func defineTable(
        _ key: [TOMLKeySegment], header: SourceLocation, maxDepth: Int
    ) throws(TOMLSyntaxError) -> TOMLTableBuilder {
        let keyStart = key[0].location
        var table = self
        for index in 0..<key.count {
            let segment = key[index]
            let isLast = index == key.count - 1
            switch try table.child(segment.name, path: path(key, through: index), at: keyStart) {
            case .table(let existing)?:
                if isLast {
                    guard existing.origin == .implicit else {
                        throw TOMLSyntaxError("table \(path(key, through: index)) is defined twice", at: keyStart)
                    }
                    existing.origin = .header
                    existing.location = header
                }
                table = existing
            case .value(let node)?:
                throw Self.conflict(with: node, path: path(key, through: index), isLast: isLast, at: keyStart)
            case nil:
                guard table.depth < maxDepth else { throw Self.nestingError(maxDepth, at: segment.location) }
                let created = TOMLTableBuilder(
                    origin: isLast ? .header : .implicit, depth: table.depth + 1,
                    location: isLast ? header : segment.location)
                table.add(segment.name, at: segment.location, .table(created))
                table = created
            }
        }
        return table
    }

    /// Finds or creates the tables a key/value pair's dotted key passes through below this table
    /// (a section, the root, or an inline table), and returns the one that receives the value.
    ///
    /// A dotted key may only extend tables created by dotted keys of the same section or inline
    /// table, never one a header created (TOML 1.0 is ambiguous about tables a header created
    /// implicitly; refusing them keeps every accepted document valid in every reading), nor an
    /// inline table, nor a value; and its last segment must be new.
    func resolveDottedKey(
        _ key: [TOMLKeySegment], path prefix: [String], maxDepth: Int
    ) throws(TOMLSyntaxError) -> TOMLTableBuilder {
        let keyStart = key[0].location
        var table = self
        for index in 0..<key.count - 1 {
            let segment = key[index]
            switch try table.child(segment.name, path: path(key, through: index, prefix: prefix), at: keyStart) {
            case .table(let existing)?:
                guard existing.origin == .dotted else {
                    throw TOMLSyntaxError(
                        "cannot extend table \(path(key, through: index, prefix: prefix)) with dotted keys",
                        at: keyStart)
                }
                table = existing
            case .value(let node)?:
                throw Self.conflict(
                    with: node, path: path(key, through: index, prefix: prefix), isLast: false, at: keyStart)
            case nil:
                guard table.depth < maxDepth else { throw Self.nestingError(maxDepth, at: segment.location) }
                let created = TOMLTableBuilder(origin: .dotted, depth: table.depth + 1, location: segment.location)
                table.add(segment.name, at: segment.location, .table(created))
                table = created
            }
        }
        let last = key.count - 1
        if try table.child(key[last].name, path: path(key, through: last, prefix: prefix), at: keyStart) != nil {
            throw TOMLSyntaxError("duplicate key \(path(key, through: last, prefix: prefix))", at: keyStart)
        }
        return table
    }

    /// The error for a header or dotted key that runs into a finished value.
    private static func conflict(
        with node: TOMLNode, path: String, isLast: Bool, at location: SourceLocation
    ) -> TOMLSyntaxError {
        if case .table = node.value {
            return TOMLSyntaxError(
                isLast ? "table \(path) is defined twice" : "cannot add to inline table \(path)", at: location)
        }
        let article = node.value.typeName.first.map { "aeiou".contains($0) } == true ? "an" : "a"
        return TOMLSyntaxError("key \(path) is already defined as \(article) \(node.value.typeName)", at: location)
    }

    /// The error for nesting deeper than the limit.
    static func nestingError(_ maxDepth: Int, at location: SourceLocation) -> TOMLSyntaxError {
        TOMLSyntaxError("nesting is deeper than \(maxDepth) levels", at: location)
    }

    /// The quoted path of `key`'s first segments up to `index`, after `prefix`.
    private func path(_ key: [TOMLKeySegment], through index: Int, prefix: [String] = []) -> String {
        TOMLDocumentParser.quotedPath(prefix + key[...index].map { $0.name })
    }

    // MARK: Result

    /// The finished table: builders become table nodes, without recursion.
    func build() -> TOMLTable {
        struct Frame {
            let builder: TOMLTableBuilder
            var next = 0
            var entries: [TOMLTable.Entry] = []

            init(_ builder: TOMLTableBuilder) {
                self.builder = builder
                entries.reserveCapacity(builder.entries.count)
            }
        }
        var stack = [Frame(self)]
        while true {
            let top = stack.count - 1
            let builder = stack[top].builder
            let index = stack[top].next
            if index < builder.entries.count {
                switch builder.entries[index].child {
                case .value(let node):
                    let entry = builder.entries[index]
                    stack[top].entries.append(
                        TOMLTable.Entry(key: entry.key, keyLocation: entry.keyLocation, node: node))
                    stack[top].next += 1
                case .table(let child):
                    stack.append(Frame(child))
                }
                continue
            }
            let finished = stack.removeLast()
            let table = TOMLTable(entries: finished.entries, positions: finished.builder.positions)
            guard !stack.isEmpty else { return table }
            let parent = stack.count - 1
            let entry = stack[parent].builder.entries[stack[parent].next]
            let node = TOMLNode(.table(table), at: finished.builder.location)
            stack[parent].entries.append(TOMLTable.Entry(key: entry.key, keyLocation: entry.keyLocation, node: node))
            stack[parent].next += 1
        }
    }
}
