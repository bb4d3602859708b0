/// The part of a program's error output that a delivery reason may quote.
///
/// Reasons are logged, stored and shown, so the excerpt never carries a configured environment
/// value (those are secrets) or an echo of the event's JSON from standard input.
enum ErrorExcerpt {
    /// The longest excerpt, in characters.
    static let maxLength = 200
    /// Echoes are recognised by this many leading characters of the JSON, or a line this long taken from it.
    static let echoLength = 24

    /// `line` with `secrets` replaced by `<redacted>`, cut to ``maxLength``; a note instead when it
    /// repeats `json`; `nil` when there is nothing to quote.
    static func excerpt(of line: String, hiding secrets: some Sequence<String>, json: String) -> String? {
        var text = line.trimmingWhitespace()
        guard !text.isEmpty else { return nil }
        if text.contains(String(json.prefix(echoLength))) || (text.count >= echoLength && json.contains(text)) {
            return "(its error output repeats the event and is not shown)"
        }
        for secret in secrets where !secret.isEmpty {
            text = text.replacing(secret, with: "<redacted>")
        }
        return text.count <= maxLength ? text : String(text.prefix(maxLength - 1)) + "…"
    }
}

extension String {
    fileprivate func trimmingWhitespace() -> String {
        let scalars = unicodeScalars
        guard let first = scalars.firstIndex(where: { !$0.properties.isWhitespace }),
            let last = scalars.lastIndex(where: { !$0.properties.isWhitespace })
        else { return "" }
        return String(scalars[first...last])
    }
}
