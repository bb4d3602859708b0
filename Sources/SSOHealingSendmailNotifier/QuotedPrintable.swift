/// Quoted-printable (RFC 2045 §6.7) for a text body: 7-bit lines of at most 76 characters that
/// any relay passes unchanged, whatever the text's line lengths and characters.
enum QuotedPrintable {
    /// The longest encoded line, soft line break included.
    static let lineLimit = 76

    /// `text`'s UTF-8 encoded, its line breaks (LF or CRLF) as CRLF hard breaks.
    static func encode(_ text: String) -> String {
        let lines = text.replacing("\r\n", with: "\n").split(
            separator: "\n", omittingEmptySubsequences: false)
        return lines.map { encodeLine(Array($0.utf8)) }.joined(separator: "\r\n")
    }

    private static let hex = Array("0123456789ABCDEF".utf8)

    private static func encodeLine(_ bytes: [UInt8]) -> String {
        var output: [UInt8] = []
        var lineLength = 0
        for (index, byte) in bytes.enumerated() {
            let isLast = index == bytes.count - 1
            let literal =
                (byte >= 33 && byte <= 126 && byte != UInt8(ascii: "="))
                || ((byte == UInt8(ascii: " ") || byte == UInt8(ascii: "\t")) && !isLast)
            let token: [UInt8] = literal ? [byte] : [UInt8(ascii: "="), hex[Int(byte >> 4)], hex[Int(byte & 0x0F)]]
            // Leave room for the soft break's "=" unless this token ends the line.
            let room = isLast ? lineLimit : lineLimit - 1
            if lineLength + token.count > room {
                output += Array("=\r\n".utf8)
                lineLength = 0
            }
            output += token
            lineLength += token.count
        }
        return String(decoding: output, as: UTF8.self)
    }
}
