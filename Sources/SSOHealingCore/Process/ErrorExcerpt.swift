/// The part of a program's (or a server's) error output that a delivery reason may quote.
///
/// Reasons are logged, stored and shown, so the excerpt never carries a configured secret (an
/// environment value, a token, a URL) or an echo of what the notifier sent (the event's JSON, a
/// mail message), and it is at most ``maxLength`` characters long.
///
/// ```swift
/// let quoted = ErrorExcerpt.excerpt(
///     of: output.firstStderrLine, hiding: environment.values, repeating: json, inputName: "the event")
/// return .failed(reason: "notifier exited with status 1" + (quoted.map { ": \($0)" } ?? ""))
/// ```
public enum ErrorExcerpt {
    /// The longest excerpt, in characters.
    public static let maxLength = 200
    /// Echoes are recognised by this many leading characters of the input, or a line this long taken from it.
    public static let echoLength = 24

    /// `line` with runs of whitespace made single spaces, each of `secrets` replaced by
    /// `<redacted>` (in any letter case), cut to ``maxLength``; a note naming `inputName` instead when it repeats
    /// `input` (what was sent); `nil` when there is nothing to quote.
    public static func excerpt(
        of line: String, hiding secrets: some Sequence<String>, repeating input: String,
        inputName: String = "what was sent"
    ) -> String? {
        var text = line.collapsingWhitespace()
        guard !text.isEmpty else { return nil }
        let sent = input.collapsingWhitespace()
        if !sent.isEmpty,
            text.contains(String(sent.prefix(echoLength))) || (text.count >= echoLength && sent.contains(text))
        {
            return "(its error output repeats \(inputName) and is not shown)"
        }
        // In any letter case: a server may echo a path or a header folded.
        text = Redactor(forms: secrets).redact(text)
        return text.count <= maxLength ? text : String(text.prefix(maxLength - 1)) + "…"
    }
}

extension String {
    /// The text with leading and trailing whitespace removed and every inner run of it (line
    /// breaks included) made one space.
    fileprivate func collapsingWhitespace() -> String {
        var output = ""
        var pendingSpace = false
        for scalar in unicodeScalars {
            if scalar.properties.isWhitespace {
                pendingSpace = !output.isEmpty
            } else {
                if pendingSpace { output.unicodeScalars.append(" ") }
                pendingSpace = false
                output.unicodeScalars.append(scalar)
            }
        }
        return output
    }
}
