extension TOMLDocumentParser {
    /// Parses a single-line basic string (`"..."`) at its opening quote.
    mutating func parseBasicString() throws(TOMLSyntaxError) -> String {
        let open = location
        advance()
        let first = offset
        var text: [UInt8] = []
        var escaped = false
        var run = offset
        while true {
            guard offset < bytes.count else { throw error("unterminated string", at: open) }
            let byte = bytes[offset]
            if byte == Byte.quote {
                // Without escapes, the value is the document's bytes as they stand.
                let value =
                    escaped ? String(decoding: text + span(run, offset), as: UTF8.self) : self.text(first, offset)
                advance()
                return value
            }
            if byte == Byte.backslash {
                escaped = true
                text.append(contentsOf: span(run, offset))
                try parseEscape(into: &text, multiline: false, stringOpenedAt: open)
                run = offset
                continue
            }
            if Byte.isControl(byte) {
                if atLineBreak { throw error("unterminated string", at: open) }
                throw invalidCharacterError(in: "string")
            }
            advance()
        }
    }

    /// Parses a multi-line basic string (`"""..."""`) at its opening quotes.
    mutating func parseMultilineBasicString() throws(TOMLSyntaxError) -> String {
        let open = location
        advance(by: 3)
        if atLineBreak { try consumeLineBreak() }
        var text: [UInt8] = []
        var run = offset
        while true {
            guard offset < bytes.count else { throw error("unterminated string", at: open) }
            let byte = bytes[offset]
            if byte == Byte.quote {
                if let closed = try closeMultilineString(delimiter: Byte.quote, text: &text, run: run) { return closed }
                continue
            }
            if byte == Byte.backslash {
                text.append(contentsOf: span(run, offset))
                try parseEscape(into: &text, multiline: true, stringOpenedAt: open)
                run = offset
                continue
            }
            if Byte.isControl(byte) && byte != Byte.lineFeed {
                guard atLineBreak else { throw invalidCharacterError(in: "string") }
                // A CRLF in the document is a newline in the value, as TOML readers normalize it.
                text.append(contentsOf: span(run, offset))
                text.append(Byte.lineFeed)
                advance(by: 2)
                run = offset
                continue
            }
            advance()
        }
    }

    /// Parses a single-line literal string (`'...'`) at its opening apostrophe.
    mutating func parseLiteralString() throws(TOMLSyntaxError) -> String {
        let open = location
        advance()
        let first = offset
        while true {
            guard offset < bytes.count else { throw error("unterminated string", at: open) }
            let byte = bytes[offset]
            if byte == Byte.apostrophe {
                let value = text(first, offset)
                advance()
                return value
            }
            if Byte.isControl(byte) {
                if atLineBreak { throw error("unterminated string", at: open) }
                throw invalidCharacterError(in: "string")
            }
            advance()
        }
    }

    /// Parses a multi-line literal string (`'''...'''`) at its opening apostrophes.
    mutating func parseMultilineLiteralString() throws(TOMLSyntaxError) -> String {
        let open = location
        advance(by: 3)
        if atLineBreak { try consumeLineBreak() }
        var text: [UInt8] = []
        var run = offset
        while true {
            guard offset < bytes.count else { throw error("unterminated string", at: open) }
            let byte = bytes[offset]
            if byte == Byte.apostrophe {
                if let closed = try closeMultilineString(delimiter: Byte.apostrophe, text: &text, run: run) {
                    return closed
                }
                continue
            }
            if Byte.isControl(byte) && byte != Byte.lineFeed {
                guard atLineBreak else { throw invalidCharacterError(in: "string") }
                text.append(contentsOf: span(run, offset))
                text.append(Byte.lineFeed)
                advance(by: 2)
                run = offset
                continue
            }
            advance()
        }
    }

    /// At a run of delimiter characters in a multi-line string: fewer than three are content and
    /// the cursor moves past them (returns nil); three or more close the string, the first one or
    /// two of up to five belonging to the content (returns the string; any further delimiter
    /// characters are left for the caller to reject).
    private mutating func closeMultilineString(
        delimiter: UInt8, text: inout [UInt8], run: Int
    ) throws(TOMLSyntaxError) -> String? {
        var count = 0
        while peek(count) == delimiter && offset + count < bytes.count { count += 1 }
        if count < 3 {
            advance(by: count)
            return nil
        }
        let content = min(count - 3, 2)
        text.append(contentsOf: span(run, offset + content))
        advance(by: content + 3)
        return String(decoding: text, as: UTF8.self)
    }

    /// Parses an escape sequence at its backslash and appends what it stands for. In multi-line
    /// strings, a backslash that ends a line (spaces and tabs may follow it) removes the line break
    /// and all whitespace and line breaks after it.
    private mutating func parseEscape(
        into text: inout [UInt8], multiline: Bool, stringOpenedAt open: SourceLocation
    ) throws(TOMLSyntaxError) {
        let backslash = location
        let start = offset
        advance()
        guard offset < bytes.count else { throw error("unterminated string", at: open) }
        let letter = bytes[offset]
        if multiline
            && (letter == Byte.space || letter == Byte.tab || letter == Byte.lineFeed
                || letter == Byte.carriageReturn)
        {
            skipWhitespace()
            guard atLineBreak else {
                if atEnd { throw error("unterminated string", at: open) }
                if at(Byte.carriageReturn) { throw error("lone carriage return") }
                let written = String(decoding: [Byte.backslash, letter], as: UTF8.self)
                throw error("invalid escape sequence \(Self.quoted(written))", at: backslash)
            }
            while offset < bytes.count {
                switch bytes[offset] {
                case Byte.space, Byte.tab, Byte.lineFeed: advance()
                case Byte.carriageReturn: try consumeLineBreak()
                default: return
                }
            }
            return
        }
        switch letter {
        case UInt8(ascii: "b"): text.append(0x08)
        case UInt8(ascii: "t"): text.append(Byte.tab)
        case UInt8(ascii: "n"): text.append(Byte.lineFeed)
        case UInt8(ascii: "f"): text.append(0x0C)
        case UInt8(ascii: "r"): text.append(Byte.carriageReturn)
        case Byte.quote: text.append(Byte.quote)
        case Byte.backslash: text.append(Byte.backslash)
        case UInt8(ascii: "u"), UInt8(ascii: "U"):
            advance()
            let length = letter == UInt8(ascii: "u") ? 4 : 8
            var value: UInt32 = 0
            for _ in 0..<length {
                guard let digit = Self.hexValue(current), !atEnd else {
                    let written = self.text(start, offset)
                    throw error("invalid escape sequence \(Self.quoted(written))", at: backslash)
                }
                value = value << 4 | UInt32(digit)
                advance()
            }
            guard let scalar = Unicode.Scalar(value) else {
                let written = self.text(start, offset)
                throw error("invalid unicode escape \(Self.quoted(written))", at: backslash)
            }
            text.append(contentsOf: String(scalar).utf8)
            return
        default:
            if atLineBreak { throw error("unterminated string", at: open) }
            if at(Byte.carriageReturn) { throw error("lone carriage return") }
            let written = "\\" + (scalar(at: offset).map { String($0) } ?? "")
            throw error("invalid escape sequence \(Self.quoted(written))", at: backslash)
        }
        advance()
    }

    /// The value of a hexadecimal digit.
    static func hexValue(_ byte: UInt8) -> UInt8? {
        // Comparisons rather than range patterns, which are slow in debug builds.
        if byte >= 0x30 && byte <= 0x39 { return byte - 0x30 }
        let lower = byte | 0x20
        if lower >= 0x61 && lower <= 0x66 { return lower - 0x61 + 10 }
        return nil
    }
}
