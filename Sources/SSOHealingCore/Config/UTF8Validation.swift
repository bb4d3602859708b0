/// Where a file stops being valid UTF-8, for an error that points at the bad byte.
enum UTF8Validation {
    /// The line and column (in Unicode scalars, as the parser counts them) of the first byte
    /// that is not part of valid UTF-8, or `nil` when every byte is.
    static func firstInvalidLocation(in bytes: some Collection<UInt8>) -> SourceLocation? {
        var iterator = bytes.makeIterator()
        var decoder = Unicode.UTF8()
        var line = 1
        var column = 1
        while true {
            switch decoder.decode(&iterator) {
            case .scalarValue(let scalar):
                if scalar == "\n" {
                    line += 1
                    column = 1
                } else {
                    column += 1
                }
            case .emptyInput:
                return nil
            case .error:
                return SourceLocation(line: line, column: column)
            }
        }
    }
}
