extension TOMLDocumentParser {
    /// The characters of an unquoted value: booleans, numbers, `inf`, `nan`. A value is read as
    /// a whole word and then checked, so a message can name all of it (`invalid number "1__2"`).
    static func isWordByte(_ byte: UInt8) -> Bool {
        Byte.isBareKey(byte) || byte == 0x2B || byte == 0x2E  // + .
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
        let lead = bytes[first]
        if Byte.isDigit(lead) { return try number(first, offset, at: start) }
        let word = text(first, offset)
        switch word {
        case "true": return .boolean(true)
        case "false": return .boolean(false)
        case "inf", "+inf": return .float(.infinity)
        case "-inf": return .float(-.infinity)
        case "nan", "+nan": return .float(.nan)
        case "-nan": return .float(-.nan)
        default:
            guard lead == Byte.plus || lead == Byte.minus || lead == Byte.dot else {
                throw error("invalid value \(Self.quoted(word))", at: start)
            }
            return try number(first, offset, at: start)
        }
    }

    /// Reads the bytes from `first` up to `end` as a TOML integer or float.
    private func number(_ first: Int, _ end: Int, at start: SourceLocation) throws(TOMLSyntaxError) -> TOMLValue {
        // The errors, made only when needed.
        var invalid: TOMLSyntaxError { TOMLSyntaxError("invalid number \(Self.quoted(text(first, end)))", at: start) }
        var outOfRange: TOMLSyntaxError { TOMLSyntaxError("integer out of range", at: start) }
        var index = first
        var negative = false
        if bytes[index] == Byte.plus || bytes[index] == Byte.minus {
            negative = bytes[index] == Byte.minus
            index += 1
        }

        // 0x, 0o, 0b: no sign allowed.
        if index + 1 < end && bytes[index] == UInt8(ascii: "0") {
            var radix: UInt64 = 0
            switch bytes[index + 1] {
            case UInt8(ascii: "x"): radix = 16
            case UInt8(ascii: "o"): radix = 8
            case UInt8(ascii: "b"): radix = 2
            default: break
            }
            if radix != 0 {
                guard index == first else { throw invalid }
                let digits = scanDigits(from: index + 2, to: end, radix: radix)
                guard digits.count > 0, digits.end == end else { throw invalid }
                var magnitude: UInt64 = 0
                for position in (index + 2)..<end where bytes[position] != Byte.underscore {
                    let digit = UInt64(Self.hexValue(bytes[position])!)
                    let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: radix)
                    guard !overflow, shifted <= UInt64(Int64.max) - digit else { throw outOfRange }
                    magnitude = shifted + digit
                }
                return .integer(Int64(magnitude))
            }
        }

        // Decimal: an integer part, then an optional fraction and exponent.
        let integerPart = scanDigits(from: index, to: end, radix: 10)
        guard integerPart.count > 0 else { throw invalid }
        let leadingZero = bytes[index] == UInt8(ascii: "0") && integerPart.count > 1
        index = integerPart.end
        var isFloat = false
        if index < end && bytes[index] == Byte.dot {
            let fraction = scanDigits(from: index + 1, to: end, radix: 10)
            guard fraction.count > 0 else { throw invalid }
            index = fraction.end
            isFloat = true
        }
        if index < end && (bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E")) {
            index += 1
            if index < end && (bytes[index] == Byte.plus || bytes[index] == Byte.minus) { index += 1 }
            let exponent = scanDigits(from: index, to: end, radix: 10)
            guard exponent.count > 0 else { throw invalid }
            index = exponent.end
            isFloat = true
        }
        guard index == end else { throw invalid }
        guard !leadingZero else { throw TOMLSyntaxError("leading zeros are not allowed", at: start) }

        if isFloat {
            var digits: [UInt8] = []
            digits.reserveCapacity(end - first)
            for position in first..<end where bytes[position] != Byte.underscore { digits.append(bytes[position]) }
            guard let value = Double(String(decoding: digits, as: UTF8.self)) else { throw invalid }
            return .float(value)
        }
        var magnitude: UInt64 = 0
        for position in first..<end where Byte.isDigit(bytes[position]) {
            let (shifted, overflow) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, carry) = shifted.addingReportingOverflow(UInt64(bytes[position] - 0x30))
            guard !overflow, !carry else { throw outOfRange }
            magnitude = sum
        }
        if negative {
            guard magnitude <= UInt64(Int64.max) + 1 else { throw outOfRange }
            return .integer(magnitude == UInt64(Int64.max) + 1 ? .min : -Int64(magnitude))
        }
        guard magnitude <= UInt64(Int64.max) else { throw outOfRange }
        return .integer(Int64(magnitude))
    }

    /// Scans digits of `radix` from `start` (not beyond `end`), with underscores only between two
    /// digits. Returns how many digits there were and where the scan stopped (at the first byte
    /// that is neither, or at a misplaced underscore).
    private func scanDigits(from start: Int, to end: Int, radix: UInt64) -> (count: Int, end: Int) {
        var index = start
        var count = 0
        while index < end {
            let byte = bytes[index]
            if byte == Byte.underscore {
                // Between two digits: one before (count > 0: the previous byte) and one after.
                guard count > 0, index + 1 < end, Self.isDigit(bytes[index + 1], radix: radix) else { break }
                index += 1
                continue
            }
            guard Self.isDigit(byte, radix: radix) else { break }
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
