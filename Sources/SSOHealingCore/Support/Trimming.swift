/// Trimming without Foundation's character sets (the executable imports only FoundationEssentials).
extension StringProtocol {
    /// The text without leading and trailing whitespace: tabs, Unicode space separators and
    /// U+200B, what Foundation's `CharacterSet.whitespaces` holds.
    public func trimmingWhitespace() -> String {
        trimmingScalars(where: UnicodeClass.isWhitespace)
    }

    /// The text without leading and trailing line breaks (U+000A to U+000D, U+0085, U+2028,
    /// U+2029), what Foundation's `CharacterSet.newlines` holds.
    public func trimmingNewlines() -> String {
        trimmingScalars(where: UnicodeClass.isNewline)
    }

    /// The text without leading and trailing whitespace and line breaks, what Foundation's
    /// `CharacterSet.whitespacesAndNewlines` holds.
    public func trimmingWhitespaceAndNewlines() -> String {
        trimmingScalars { UnicodeClass.isWhitespace($0) || UnicodeClass.isNewline($0) }
    }

    /// The text without the leading and trailing Unicode scalars `isTrimmed` accepts.
    public func trimmingScalars(where isTrimmed: (Unicode.Scalar) -> Bool) -> String {
        let scalars = Substring(self).unicodeScalars
        guard let first = scalars.firstIndex(where: { !isTrimmed($0) }),
            let last = scalars.lastIndex(where: { !isTrimmed($0) })
        else { return "" }
        return String(Substring(scalars[first...last]))
    }
}

/// The Unicode scalars Foundation's character sets of whitespace and line breaks hold.
public enum UnicodeClass {
    /// Whether `scalar` is in `CharacterSet.whitespaces`: U+0009, the space separators (category
    /// Zs) and U+200B.
    public static func isWhitespace(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x09, 0x20, 0xA0, 0x1680, 0x2000...0x200B, 0x202F, 0x205F, 0x3000: true
        default: false
        }
    }

    /// Whether `scalar` is in `CharacterSet.newlines`: U+000A to U+000D, U+0085, U+2028, U+2029.
    public static func isNewline(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar.value {
        case 0x0A...0x0D, 0x85, 0x2028, 0x2029: true
        default: false
        }
    }
}
