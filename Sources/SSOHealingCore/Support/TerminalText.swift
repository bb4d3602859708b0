/// Text made safe to show on a terminal: every control character is written as an escape, the
/// way the JSON logs write it (`\n`, `\r`, `\t`, `\u001B`, …), so no text from a probe, a server
/// or a file can move the cursor, overwrite a line, retitle a window or hide what follows.
///
/// Invalid UTF-8 never reaches a `String`: it was decoded as U+FFFD, which is shown as it is.
///
/// ```swift
/// TerminalText.escaped("\rp1: OK\u{1B}]0;owned\u{7}")  // "\\rp1: OK\\u001B]0;owned\\u0007"
/// ```
public enum TerminalText {
    /// `text` with every control character escaped: C0 controls, DEL, C1 controls and the line
    /// and paragraph separators (U+2028, U+2029), except those in `kept`.
    public static func escaped(_ text: String, keeping kept: Set<Unicode.Scalar> = []) -> String {
        guard text.unicodeScalars.contains(where: { needsEscape($0) && !kept.contains($0) }) else { return text }
        var output = ""
        output.unicodeScalars.reserveCapacity(text.unicodeScalars.count + 8)
        for scalar in text.unicodeScalars {
            guard needsEscape(scalar), !kept.contains(scalar) else {
                output.unicodeScalars.append(scalar)
                continue
            }
            output += escape(scalar)
        }
        return output
    }

    /// `text` escaped as ``escaped(_:keeping:)`` does, keeping line breaks (`\n`) and tabs: for
    /// output made of several lines whose fields were escaped one by one.
    public static func escapedKeepingLines(_ text: String) -> String {
        escaped(text, keeping: ["\n", "\t"])
    }

    /// Whether `scalar` must not reach a terminal as it is.
    public static func needsEscape(_ scalar: Unicode.Scalar) -> Bool {
        scalar.value < 0x20 || (0x7F...0x9F).contains(scalar.value) || scalar.value == 0x2028
            || scalar.value == 0x2029
    }

    /// The escape for one control character, as JSON writes it.
    static func escape(_ scalar: Unicode.Scalar) -> String {
        switch scalar {
        case "\n": "\\n"
        case "\r": "\\r"
        case "\t": "\\t"
        default: "\\u" + PaddedNumber.hex(scalar.value, width: 4, uppercase: true)
        }
    }
}
