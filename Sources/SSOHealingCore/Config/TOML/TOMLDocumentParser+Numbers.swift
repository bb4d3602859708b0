extension TOMLDocumentParser {
    /// The characters of an unquoted value: booleans, numbers, `inf`, `nan`. A value is read as
    /// a whole word and then checked, so a message can name all of it (`invalid number "1__2"`).
    static func isWordByte(_ byte: UInt8) -> Bool {
        Byte.isBareKey(byte) || byte == Byte.plus || byte == Byte.dot
    }

    /// Parses an unquoted value at the cursor: a boolean, integer or float.
    mutating func parseWord() throws(TOMLSyntaxError) -> TOMLValue {
        let start = location
        // Dates start with four digits and a dash, times with two digits and a colon.
        if Byte.isDigit(peek(0)) && Byte.isDigit(peek(1))
            && (peek(2) == Byte.colon
                || (Byte.isDigit(peek(2)) && Byte.isDigit(peek(3)) && peek(4) == Byte.minus))
        {
            throw error("dates and times are not supported")
        }
        let first = offset
        while offset < bytes.count && Self.isWordByte(bytes[offset]) { advance() }
        let word = bytes[first..<offset]
        switch String(decoding: word, as: UTF8.self) {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-.nan)
        case let text:
            guard let lead = word.first,
                Byte.isDigit(lead) || lead == Byte.plus || lead == Byte.minus || lead == Byte.dot
            else {
                throw error("invalid value \(Self.quoted(text))", at: start)
            }
            return try Self.number(word, at: start)
        }
    }

    /// Reads a word as a TOML integer or float.
    private static func number(_ word: ArraySlice<UInt8>, at start: SourceLocation) throws(TOMLSyntaxError) -> TOMLValue
    {
        let text = String(decoding: word, as: UTF8.self)
        let invalid = TOMLSyntaxError("invalid number \(quoted(text))", at: start)
        var index = word.startIndex
        let end = word.endIndex
        var negative = false
        if word[index] == Byte.plus || word[index] == Byte.minus {
            negative = word[index] == Byte.minus
            index += 1
        }

        // 0x, 0o, 0b: no sign allowed.
        if index + 1 < end && word[index] == UInt8(ascii: "0") {
            let radix: UInt64? =
                switch word[index + 1] {
                case UInt8(ascii: "x"): 16
                case UInt8(ascii: "o"): 8
                case UInt8(ascii: "b"): 2
                default: nil
                }
            if let radix {
                guard index == word.startIndex else { throw invalid }
                let digits = scanDigits(word, from: index + 2, radix: radix)
                guard digits.count > 0, digits.end == end else { throw invalid }
                var magnitude: UInt64 = 0
                for byte in word[(index + 2)..<end] where byte != Byte.underscore {
                    let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: radix)
                    guard !overflow, shifted <= UInt64(Int64.max) - UInt64(hexValue(byte)!) else {
                        throw TOMLSyntaxError("integer out of range", at: start)
                    }
                    magnitude = shifted + UInt64(hexValue(byte)!)
                }
                return .integer(Int64(magnitude))
            }
        }

        // Decimal: an integer part, then an optional fraction and exponent.
        let integerPart = scanDigits(word, from: index, radix: 10)
        guard integerPart.count > 0 else { throw invalid }
        let leadingZero = word[index] == UInt8(ascii: "0") && integerPart.count > 1
        index = integerPart.end
        var isFloat = false
        if index < end && word[index] == Byte.dot {
            let fraction = scanDigits(word, from: index + 1, radix: 10)
            guard fraction.count > 0 else { throw invalid }
            index = fraction.end
            isFloat = true
        }
        if index < end && (word[index] == UInt8(ascii: "e") || word[index] == UInt8(ascii: "E")) {
            index += 1
            if index < end && (word[index] == Byte.plus || word[index] == Byte.minus) { index += 1 }
            let exponent = scanDigits(word, from: index, radix: 10)
            guard exponent.count > 0 else { throw invalid }
            index = exponent.end
            isFloat = true
        }
        guard index == end else { throw invalid }
        guard !leadingZero else { throw TOMLSyntaxError("leading zeros are not allowed", at: start) }

        let digits = word.filter { $0 != Byte.underscore }
        if isFloat {
            guard let value = Double(String(decoding: digits, as: UTF8.self)) else { throw invalid }
            return .float(value)
        }
        var magnitude: UInt64 = 0
        for byte in digits where Byte.isDigit(byte) {
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(byte - 0x30))
            guard !overflow, !carry else { throw TOMLSyntaxError("integer out of range", at: start) }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw TOMLSyntaxError("integer out of range", at: start) }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { throw TOMLSyntaxError("integer out of range", at: start) }
        return .integer(Int64(magnitude))
    }

    /// Scans digits of `radix` from `start`, with underscores only between two digits. Returns
    /// how many digits there were and where the scan stopped (at the first byte that is neither,
    /// or at a misplaced underscore).
    private static func scanDigits(
        _ word: ArraySlice<UInt8>, from start: Int, radix: UInt64
    ) -> (count: Int, end: Int) {
        var index = start
        var count = 0
        while index < word.endIndex {
            let byte = word[index]
            if byte == Byte.underscore {
                // Between two digits: a digit before (count > 0 and the previous byte) and after.
                guard count > 0, index + 1 < word.endIndex, isDigit(word[index + 1], radix: radix) else { break }
                index += 1
                continue
            }
            guard isDigit(byte, radix: radix) else { break }
            count += 1
            index += 1
        }
        return (count, index)
    }

    /// Whether `byte` is a digit of `radix` (2, 8, 10 or 16).
    private static func isDigit(_ byte: UInt8, radix: UInt64) -> Bool {
        guard let value = hexValue(byte) else { return false }
        return UInt64(value) < radix
    }
}
