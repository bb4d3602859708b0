/// Parses the configuration language: a strict subset of TOML 1.0.0.
///
/// Every document it accepts is valid TOML 1.0 and means the same as in any conforming reader.
/// It refuses, with a "not supported" message, the TOML features the configuration never needs:
/// dates and times, and arrays of tables. The first error stops parsing; its location points at
/// the offending character (for an unterminated string, array, inline table or table header: at
/// the character that opened it; for a conflicting key: at the start of that key).
public enum TOMLParser {
    /// Bounds on what the parser accepts, so that no input can make it slow or exhaust memory.
    public struct Limits: Sendable {
        /// The largest accepted input, in UTF-8 bytes.
        public var maxBytes: Int
        /// The deepest accepted nesting: of arrays and inline tables within one value, and of
        /// tables named by a table header or dotted key.
        public var maxDepth: Int

        /// Creates limits.
        public init(maxBytes: Int = 1 << 20, maxDepth: Int = 64) {
            self.maxBytes = maxBytes
            self.maxDepth = maxDepth
        }

        /// 1 MiB and 64 levels.
        public static let `default` = Limits()
    }

    /// Parses `text` and returns its root table, or throws the first error found.
    public static func parse(_ text: String, limits: Limits = .default) throws(TOMLSyntaxError) -> TOMLTable {
        guard text.utf8.count <= limits.maxBytes else {
            throw TOMLSyntaxError(
                "file is larger than \(describeSize(limits.maxBytes))", at: SourceLocation(line: 1, column: 1))
        }
        var text = text
        let result = text.withUTF8 { bytes -> Result<TOMLTable, TOMLSyntaxError> in
            var parser = TOMLDocumentParser(bytes: bytes, limits: limits)
            return Result { () throws(TOMLSyntaxError) in try parser.parseDocument() }
        }
        return try result.get()
    }

    /// A byte count as a person would say it: "1 MiB", "64 KiB", "100 bytes".
    static func describeSize(_ bytes: Int) -> String {
        let kib = 1 << 10
        let mib = 1 << 20
        if bytes >= mib && bytes % mib == 0 { return "\(bytes / mib) MiB" }
        if bytes >= kib && bytes % kib == 0 { return "\(bytes / kib) KiB" }
        return bytes == 1 ? "1 byte" : "\(bytes) bytes"
    }
}
