/// Text for Slack's `mrkdwn` and `plain_text` objects, escaped and cut to Block Kit's limits.
///
/// Slack requires `&`, `<` and `>` escaped in `mrkdwn` (they start links, mentions and dates), and
/// limits each text field's length. Lengths are counted in UTF-16 code units, which never
/// undercounts however Slack counts.
enum SlackText {
    /// `text` with `&`, `<` and `>` escaped, cut between whole characters so that the escaped
    /// result, "…" included, stays within `limit`.
    static func mrkdwn(_ text: String, limit: Int = .max) -> String {
        clip(text, limit: limit, size: { escape(String($0)).utf16.count }, render: escape)
    }

    /// `text` cut to `limit`, with "…" when cut; `plain_text` needs no escaping.
    static func plain(_ text: String, limit: Int = .max) -> String {
        clip(text, limit: limit, size: { String($0).utf16.count }, render: { $0 })
    }

    /// `text` for an inline code span: backticks (which would end the span) become `ˋ` and line
    /// breaks spaces, then as ``mrkdwn(_:limit:)``.
    static func code(_ text: String, limit: Int = .max) -> String {
        let flattened = String(
            text.map { character -> Character in
                if character == "`" { return "ˋ" }
                return character.isNewline ? " " : character
            })
        return mrkdwn(flattened, limit: limit)
    }

    /// `text` with `&`, `<` and `>` replaced by `&amp;`, `&lt;` and `&gt;`.
    static func escape(_ text: String) -> String {
        var output = ""
        output.reserveCapacity(text.utf8.count)
        for character in text {
            switch character {
            case "&": output += "&amp;"
            case "<": output += "&lt;"
            case ">": output += "&gt;"
            default: output.append(character)
            }
        }
        return output
    }

    private static func clip(
        _ text: String, limit: Int, size: (Character) -> Int, render: (String) -> String
    ) -> String {
        let whole = render(text)
        guard whole.utf16.count > limit else { return whole }
        var kept = ""
        var length = 0
        for character in text {
            let characterSize = size(character)
            guard length + characterSize <= limit - 1 else { break }
            kept.append(character)
            length += characterSize
        }
        return render(kept) + "…"
    }
}
