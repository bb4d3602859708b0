extension TOMLDocumentParser {
    /// An array or inline table whose closing bracket has not been read yet.
    private struct OpenContainer {
        /// An array, or an inline table with the table being filled.
        enum Kind {
            case array
            case inlineTable(TOMLTableBuilder)
        }

        let kind: Kind
        /// Where its `[` or `{` stands.
        let open: SourceLocation
        /// Its nesting depth within the value.
        let depth: Int
        /// An array's elements so far.
        var elements: [TOMLNode] = []
        /// An inline table's key whose value is being parsed: the table receiving it, and the key.
        var pending: PendingKey?
    }

    /// A key of an inline table whose value is being parsed: the table receiving it, and the key.
    private struct PendingKey {
        let table: TOMLTableBuilder
        let key: TOMLKeySegment
    }

    /// Parses a value at the cursor, inside a container at nesting depth `containerDepth`.
    ///
    /// Arrays and inline tables nest without recursion: the containers still open are kept on a
    /// stack, so the depth limit, not the thread's stack, bounds the nesting.
    mutating func parseValue(containerDepth: Int) throws(TOMLSyntaxError) -> TOMLNode {
        var open: [OpenContainer] = []
        // The depth of the container that receives the value about to be parsed.
        var depth = containerDepth
        nextValue: while true {
            let start = location
            var completed: TOMLNode
            if at(Byte.openBracket) {
                guard depth < limits.maxDepth else { throw TOMLTableBuilder.nestingError(limits.maxDepth, at: start) }
                advance()
                try skipArrayTrivia()
                if atEnd { throw error("unterminated array", at: start) }
                if at(Byte.closeBracket) {
                    advance()
                    completed = TOMLNode(.array([]), at: start)
                } else {
                    open.append(OpenContainer(kind: .array, open: start, depth: depth + 1))
                    depth += 1
                    continue nextValue
                }
            } else if at(Byte.openBrace) {
                guard depth < limits.maxDepth else { throw TOMLTableBuilder.nestingError(limits.maxDepth, at: start) }
                advance()
                skipWhitespace()
                if at(Byte.closeBrace) {
                    advance()
                    completed = TOMLNode(.table(TOMLTable()), at: start)
                } else {
                    let table = TOMLTableBuilder(origin: .inline, depth: depth + 1, location: start)
                    var container = OpenContainer(kind: .inlineTable(table), open: start, depth: depth + 1)
                    container.pending = try parseInlineTableKey(into: table, openedAt: start)
                    depth = container.pending!.table.depth
                    open.append(container)
                    continue nextValue
                }
            } else {
                completed = try parseScalarValue()
            }

            // Hand the value to the innermost open container; close each container that ends here
            // and hand it on in turn.
            while !open.isEmpty {
                let top = open.count - 1
                switch open[top].kind {
                case .array:
                    open[top].elements.append(completed)
                    try skipArrayTrivia()
                    if at(Byte.comma) {
                        advance()
                        try skipArrayTrivia()
                        if !at(Byte.closeBracket) {
                            if atEnd { throw error("unterminated array", at: open[top].open) }
                            depth = open[top].depth
                            continue nextValue
                        }
                    } else if atEnd {
                        throw error("unterminated array", at: open[top].open)
                    } else if !at(Byte.closeBracket) {
                        throw expectationError("expected \",\" or \"]\" in array")
                    }
                    advance()
                    let array = open.removeLast()
                    completed = TOMLNode(.array(array.elements), at: array.open)
                case .inlineTable(let table):
                    let pending = open[top].pending!
                    pending.table.add(pending.key.name, at: pending.key.location, .value(completed))
                    skipWhitespace()
                    if at(Byte.comma) {
                        let comma = location
                        advance()
                        skipWhitespace()
                        if at(Byte.closeBrace) {
                            throw error("trailing comma is not allowed in inline table", at: comma)
                        }
                        let next = try parseInlineTableKey(into: table, openedAt: open[top].open)
                        open[top].pending = next
                        depth = next.table.depth
                        continue nextValue
                    }
                    if !at(Byte.closeBrace) {
                        if atEndOfLineContent { throw error("unterminated inline table", at: open[top].open) }
                        throw expectationError("expected \",\" or \"}\" in inline table")
                    }
                    advance()
                    let inline = open.removeLast()
                    completed = TOMLNode(.table(table.build()), at: inline.open)
                }
            }
            return completed
        }
    }

    /// Parses `key =` inside an inline table and resolves the key, which must be new.
    private mutating func parseInlineTableKey(
        into table: TOMLTableBuilder, openedAt open: SourceLocation
    ) throws(TOMLSyntaxError) -> PendingKey {
        if atEndOfLineContent { throw error("unterminated inline table", at: open) }
        let key = try parseKey()
        guard at(Byte.equals) else {
            if atEndOfLineContent { throw error("unterminated inline table", at: open) }
            throw expectationError("expected \"=\" after key")
        }
        advance()
        skipWhitespace()
        let target = try table.resolveDottedKey(key, path: [], maxDepth: limits.maxDepth)
        return PendingKey(table: target, key: key[key.count - 1])
    }

    /// Parses a value that is neither an array nor an inline table.
    private mutating func parseScalarValue() throws(TOMLSyntaxError) -> TOMLNode {
        let start = location
        switch current {
        case _ where atEnd:
            throw error("expected a value")
        case Byte.quote:
            let text: String
            if peek(1) == Byte.quote && peek(2) == Byte.quote {
                text = try parseMultilineBasicString()
            } else {
                text = try parseBasicString()
            }
            return TOMLNode(.string(text), at: start)
        case Byte.apostrophe:
            let text: String
            if peek(1) == Byte.apostrophe && peek(2) == Byte.apostrophe {
                text = try parseMultilineLiteralString()
            } else {
                text = try parseLiteralString()
            }
            return TOMLNode(.string(text), at: start)
        default:
            if Self.isWordByte(current) { return TOMLNode(try parseWord(), at: start) }
            throw expectationError("expected a value")
        }
    }
}
