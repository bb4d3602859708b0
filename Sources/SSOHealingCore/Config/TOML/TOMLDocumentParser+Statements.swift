/// One segment of a (possibly dotted) key, unquoted, with where it was written.
struct TOMLKeySegment {
    var name: String
    var location: SourceLocation
}

extension TOMLDocumentParser {
    /// Parses the whole document: line by line, table headers and key/value pairs.
    mutating func parseDocument() throws(TOMLSyntaxError) -> TOMLTable {
        // A byte order mark is the encoding's signature, not text: skip it, columns start after it.
        if bytes.count >= 3 && bytes[0] == 0xEF && bytes[1] == 0xBB && bytes[2] == 0xBF { offset = 3 }
        let root = TOMLTableBuilder(origin: .root, depth: 0, location: SourceLocation(line: 1, column: 1))
        var section = root
        var sectionPath: [String] = []
        while !atEnd {
            switch current {
            case Byte.space, Byte.tab:
                advance()
            case Byte.lineFeed, Byte.carriageReturn:
                try consumeLineBreak()
            case Byte.hash:
                try skipComment()
            case Byte.openBracket:
                (section, sectionPath) = try parseTableHeader(root: root)
                try expectEndOfLine(after: "table header")
            default:
                try parseKeyValue(in: section, path: sectionPath)
                try expectEndOfLine(after: "value")
            }
        }
        return root.build()
    }

    /// Parses `[a.b]` and returns the table it defines with its path.
    mutating func parseTableHeader(root: TOMLTableBuilder) throws(TOMLSyntaxError) -> (TOMLTableBuilder, [String]) {
        let open = location
        advance()
        if at(Byte.openBracket) { throw error("arrays of tables are not supported", at: open) }
        skipWhitespace()
        let key = try parseKey()
        if at(Byte.closeBracket) {
            advance()
        } else if atEndOfLineContent {
            throw error("unterminated table header", at: open)
        } else {
            throw unexpectedCharacterError("in table header")
        }
        let table = try root.defineTable(key, header: open, maxDepth: limits.maxDepth)
        return (table, key.map { $0.name })
    }

    /// Parses `key = value` and adds it to `section`, whose path is `path`.
    mutating func parseKeyValue(in section: TOMLTableBuilder, path: [String]) throws(TOMLSyntaxError) {
        let key = try parseKey()
        guard at(Byte.equals) else { throw expectationError("expected \"=\" after key") }
        advance()
        skipWhitespace()
        let target = try section.resolveDottedKey(key, path: path, maxDepth: limits.maxDepth)
        let node = try parseValue(containerDepth: 0)
        let last = key[key.count - 1]
        target.add(last.name, at: last.location, .value(node))
    }

    /// Parses a key: simple keys joined by dots, with optional whitespace around the dots. Skips
    /// the whitespace after it.
    mutating func parseKey() throws(TOMLSyntaxError) -> [TOMLKeySegment] {
        var segments: [TOMLKeySegment] = []
        while true {
            segments.append(try parseSimpleKey())
            skipWhitespace()
            guard at(Byte.dot) else { return segments }
            advance()
            skipWhitespace()
        }
    }

    /// Parses a bare, basic-quoted or literal-quoted key.
    mutating func parseSimpleKey() throws(TOMLSyntaxError) -> TOMLKeySegment {
        let start = location
        if atEnd { throw error("expected a key") }
        switch current {
        case Byte.quote:
            if peek(1) == Byte.quote && peek(2) == Byte.quote {
                throw error("a key cannot be a multi-line string")
            }
            return TOMLKeySegment(name: try parseBasicString(), location: start)
        case Byte.apostrophe:
            if peek(1) == Byte.apostrophe && peek(2) == Byte.apostrophe {
                throw error("a key cannot be a multi-line string")
            }
            return TOMLKeySegment(name: try parseLiteralString(), location: start)
        default:
            let first = offset
            while offset < bytes.count && Byte.isBareKey(bytes[offset]) { advance() }
            guard offset > first else { throw expectationError("expected a key") }
            return TOMLKeySegment(name: text(first, offset), location: start)
        }
    }
}
