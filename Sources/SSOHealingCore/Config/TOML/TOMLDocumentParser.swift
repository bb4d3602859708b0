/// The state of one parse: the document's UTF-8 bytes and a cursor that tracks its line and
/// column as it moves, so every location is known without rescanning.
///
/// The bytes are the parsed string's own storage, borrowed for the parse; the state is a trivial
/// value, cheap to pass around even in a debug build. Every read is checked against the end.
///
/// The grammar is spread over extensions by concept: statements and keys, values (arrays and
/// inline tables), strings, and numbers. None of them recurses, so no input can overflow the
/// stack.
struct TOMLDocumentParser {
    /// The document, as UTF-8 (always valid: it comes from a `String`), valid during the parse.
    let bytes: UnsafeBufferPointer<UInt8>
    /// The limits in force.
    let limits: TOMLParser.Limits
    /// The cursor: the offset of the next byte to read.
    var offset = 0
    /// The cursor's 1-based line.
    var line = 1
    /// The cursor's 1-based column, in Unicode scalars.
    var column = 1

    init(bytes: UnsafeBufferPointer<UInt8>, limits: TOMLParser.Limits) {
        self.bytes = bytes
        self.limits = limits
    }

    // MARK: Cursor

    /// Whether the cursor is past the last byte.
    var atEnd: Bool { offset >= bytes.count }

    /// The byte under the cursor, or 0 at the end (check `atEnd` where a NUL byte matters).
    var current: UInt8 { offset < bytes.count ? bytes[offset] : 0 }

    /// The byte `distance` bytes after the cursor, or 0 past the end.
    func peek(_ distance: Int) -> UInt8 {
        let position = offset + distance
        return position < bytes.count ? bytes[position] : 0
    }

    /// The bytes from `start` up to `end`, without copying them.
    func span(_ start: Int, _ end: Int) -> UnsafeBufferPointer<UInt8> {
        precondition(start >= 0 && start <= end && end <= bytes.count)
        guard let base = bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        return UnsafeBufferPointer(start: base + start, count: end - start)
    }

    /// The text of the bytes from `start` up to `end`.
    func text(_ start: Int, _ end: Int) -> String {
        String(decoding: span(start, end), as: UTF8.self)
    }

    /// Whether the cursor is at `byte` (and not at the end).
    func at(_ byte: UInt8) -> Bool { offset < bytes.count && bytes[offset] == byte }

    /// The cursor's location.
    var location: SourceLocation { SourceLocation(line: line, column: column) }

    /// Moves past one byte, keeping the line and column up to date.
    mutating func advance() {
        guard offset < bytes.count else { return }
        let byte = bytes[offset]
        offset += 1
        if byte == Byte.lineFeed {
            line += 1
            column = 1
        } else if byte & 0xC0 != 0x80 {
            // Each scalar counts once: at its first byte, never at a continuation byte.
            column += 1
        }
    }

    /// Moves past `count` bytes.
    mutating func advance(by count: Int) {
        for _ in 0..<count { advance() }
    }

    // MARK: Whitespace, line breaks, comments

    /// Skips spaces and tabs.
    mutating func skipWhitespace() {
        while offset < bytes.count {
            let byte = bytes[offset]
            guard byte == 0x20 || byte == 0x09 else { return }  // space, tab
            offset += 1
            column += 1
        }
    }

    /// Whether the cursor is at a line break (LF or CRLF).
    var atLineBreak: Bool {
        at(Byte.lineFeed) || (at(Byte.carriageReturn) && peek(1) == Byte.lineFeed)
    }

    /// Whether the cursor is where a line's content ends: end of input, a line break or a comment.
    var atEndOfLineContent: Bool { atEnd || atLineBreak || at(Byte.hash) }

    /// Consumes a line break at the cursor; a carriage return must be followed by a line feed.
    mutating func consumeLineBreak() throws(TOMLSyntaxError) {
        if at(Byte.carriageReturn) {
            guard peek(1) == Byte.lineFeed else { throw error("lone carriage return") }
            advance(by: 2)
        } else {
            advance()
        }
    }

    /// Skips a comment from its `#` up to (not including) the line break that ends it.
    mutating func skipComment() throws(TOMLSyntaxError) {
        advance()
        while offset < bytes.count {
            let byte = bytes[offset]
            if byte == Byte.lineFeed { return }
            if Byte.isControl(byte) {
                if byte == Byte.carriageReturn && peek(1) == Byte.lineFeed { return }
                throw invalidCharacterError(in: "comment")
            }
            advance()
        }
    }

    /// Skips what may stand between the elements of an array: whitespace, line breaks, comments.
    mutating func skipArrayTrivia() throws(TOMLSyntaxError) {
        while offset < bytes.count {
            switch bytes[offset] {
            case Byte.space, Byte.tab, Byte.lineFeed: advance()
            case Byte.carriageReturn: try consumeLineBreak()
            case Byte.hash: try skipComment()
            default: return
            }
        }
    }

    /// Requires the rest of the line after a statement to be empty or a comment, and consumes it
    /// with its line break.
    mutating func expectEndOfLine(after what: String) throws(TOMLSyntaxError) {
        skipWhitespace()
        if at(Byte.hash) { try skipComment() }
        if atEnd { return }
        guard atLineBreak else { throw unexpectedCharacterError("after \(what)") }
        try consumeLineBreak()
    }

    // MARK: Errors

    /// An error at `location`, or at the cursor.
    func error(_ message: String, at location: SourceLocation? = nil) -> TOMLSyntaxError {
        TOMLSyntaxError(message, at: location ?? self.location)
    }

    /// An error for the unexpected character under the cursor: `unexpected "x" <context>`, with
    /// the more telling errors for a lone carriage return and the end of input.
    func unexpectedCharacterError(_ context: String) -> TOMLSyntaxError {
        if atEnd { return error("unexpected end of file \(context)") }
        if at(Byte.carriageReturn) && peek(1) != Byte.lineFeed { return error("lone carriage return") }
        return error("unexpected \(describeCharacter()) \(context)")
    }

    /// An error saying what was expected at the cursor, unless a lone carriage return is there.
    func expectationError(_ message: String) -> TOMLSyntaxError {
        if at(Byte.carriageReturn) && peek(1) != Byte.lineFeed { return error("lone carriage return") }
        return error(message)
    }

    /// An error for a control character under the cursor where TOML forbids it.
    func invalidCharacterError(in context: String) -> TOMLSyntaxError {
        if at(Byte.carriageReturn) && peek(1) != Byte.lineFeed { return error("lone carriage return") }
        return error("invalid control character \(describeCharacter()) in \(context)")
    }

    /// The character under the cursor as messages show it: `"x"`, `'"'` or `U+0007`.
    func describeCharacter() -> String {
        guard let scalar = scalar(at: offset) else { return "end of file" }
        return Self.describe(scalar)
    }

    /// The Unicode scalar that starts at `position`, if any.
    func scalar(at position: Int) -> Unicode.Scalar? {
        guard position < bytes.count else { return nil }
        return text(position, min(position + 4, bytes.count)).unicodeScalars.first
    }

    /// A character as messages show it: `"x"`, `'"'`, or `U+0007` for what cannot be shown.
    static func describe(_ scalar: Unicode.Scalar) -> String {
        if scalar == "\"" { return "'\"'" }
        if isUnprintable(scalar) { return codePoint(scalar) }
        return "\"\(Character(scalar))\""
    }

    /// `U+XXXX` for a scalar.
    static func codePoint(_ scalar: Unicode.Scalar) -> String {
        let hex = String(scalar.value, radix: 16, uppercase: true)
        return "U+" + String(repeating: "0", count: max(0, 4 - hex.count)) + hex
    }

    /// Whether a scalar would disturb a message: control and line-separating characters.
    static func isUnprintable(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0..<0x20, 0x7F...0x9F, 0x2028, 0x2029: true
        default: false
        }
    }

    /// A text from the document as messages quote it: in double quotes, unprintable characters
    /// escaped, cut short when long.
    static func quoted(_ text: String) -> String {
        var result = "\""
        var count = 0
        for scalar in text.unicodeScalars {
            if count == 40 {
                result += "…"
                break
            }
            count += 1
            if isUnprintable(scalar) {
                result += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
            } else {
                result.unicodeScalars.append(scalar)
            }
        }
        return result + "\""
    }

    /// A key path as messages quote it: `"a.b"`, with segments that are not bare keys in single
    /// quotes (`"a.'b.c'"`) or, when that is not possible, escaped double quotes.
    static func quotedPath(_ segments: [String]) -> String {
        let parts = segments.map { segment -> String in
            if !segment.isEmpty && segment.utf8.allSatisfy(Byte.isBareKey) { return segment }
            if !segment.unicodeScalars.contains(where: { $0 == "'" || isUnprintable($0) }) {
                return "'\(segment)'"
            }
            var escaped = ""
            for scalar in segment.unicodeScalars {
                switch scalar {
                case "\"": escaped += "\\\""
                case "\\": escaped += "\\\\"
                default:
                    if isUnprintable(scalar) {
                        escaped += "\\u{" + String(scalar.value, radix: 16, uppercase: true) + "}"
                    } else {
                        escaped.unicodeScalars.append(scalar)
                    }
                }
            }
            return "\\\"\(escaped)\\\""
        }
        return "\"" + parts.joined(separator: ".") + "\""
    }
}

/// The bytes the grammar names.
enum Byte {
    static let tab: UInt8 = 0x09
    static let lineFeed: UInt8 = 0x0A
    static let carriageReturn: UInt8 = 0x0D
    static let space: UInt8 = 0x20
    static let quote: UInt8 = 0x22  // "
    static let hash: UInt8 = 0x23  // #
    static let apostrophe: UInt8 = 0x27  // '
    static let plus: UInt8 = 0x2B
    static let comma: UInt8 = 0x2C
    static let minus: UInt8 = 0x2D
    static let dot: UInt8 = 0x2E
    static let colon: UInt8 = 0x3A
    static let equals: UInt8 = 0x3D
    static let openBracket: UInt8 = 0x5B  // [
    static let backslash: UInt8 = 0x5C
    static let closeBracket: UInt8 = 0x5D  // ]
    static let underscore: UInt8 = 0x5F
    static let openBrace: UInt8 = 0x7B  // {
    static let closeBrace: UInt8 = 0x7D  // }

    /// Control characters TOML forbids outside escapes: U+0000–U+001F except tab, and U+007F.
    static func isControl(_ byte: UInt8) -> Bool {
        (byte < 0x20 && byte != 0x09) || byte == 0x7F
    }

    /// ASCII digits.
    static func isDigit(_ byte: UInt8) -> Bool { byte >= 0x30 && byte <= 0x39 }

    /// The characters of a bare key: A-Z a-z 0-9 _ -.
    static func isBareKey(_ byte: UInt8) -> Bool {
        // Comparisons rather than range patterns, which are slow in debug builds.
        let lower = byte | 0x20
        return (lower >= 0x61 && lower <= 0x7A) || (byte >= 0x30 && byte <= 0x39) || byte == 0x5F || byte == 0x2D
    }
}
