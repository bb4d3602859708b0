/// A Telegram message as a flat run of text and formatting tags, rendered as Bot API HTML or as
/// plain text, and cut to Telegram's length limit without breaking an escape or a tag.
///
/// Text pieces hold the characters people see, unescaped: rendering escapes `<`, `>` and `&` (the
/// only characters the Bot API's HTML mode requires escaped), so event text can never add markup.
struct TelegramMarkup: Sendable, Equatable {
    /// The formatting tags the messages use; each is one of the Bot API's supported HTML tags.
    enum Tag: String, Sendable, Equatable {
        case bold = "b"
        case italic = "i"
        case code = "code"
    }

    /// One piece of the message.
    enum Piece: Sendable, Equatable {
        case text(String)
        case open(Tag)
        case close(Tag)
    }

    private(set) var pieces: [Piece] = []

    /// Appends visible text.
    mutating func text(_ text: String) {
        guard !text.isEmpty else { return }
        pieces.append(.text(text))
    }

    /// Appends `text` inside `tag`.
    mutating func text(_ text: String, _ tag: Tag) {
        guard !text.isEmpty else { return }
        pieces += [.open(tag), .text(text), .close(tag)]
    }

    /// The number of characters Telegram counts: UTF-16 code units of the visible text, after
    /// entity parsing. Counting code units never undercounts, however the server counts.
    var visibleLength: Int {
        pieces.reduce(0) { total, piece in
            if case .text(let text) = piece { return total + text.utf16.count }
            return total
        }
    }

    /// The message as Bot API HTML (`parse_mode = "HTML"`).
    var html: String {
        var output = ""
        for piece in pieces {
            switch piece {
            case .text(let text): output += Self.escape(text)
            case .open(let tag): output += "<\(tag.rawValue)>"
            case .close(let tag): output += "</\(tag.rawValue)>"
            }
        }
        return output
    }

    /// The message without formatting, for `parse_mode = "none"`.
    var plain: String {
        pieces.reduce(into: "") { output, piece in
            if case .text(let text) = piece { output += text }
        }
    }

    /// The message cut to at most `limit` visible characters, ending in "…" when anything was
    /// dropped. The cut falls between whole characters, never inside a tag or an escape, and
    /// every tag left open is closed.
    func truncated(to limit: Int, marker: String = "…") -> TelegramMarkup {
        guard visibleLength > limit else { return self }
        var budget = max(0, limit - marker.utf16.count)
        var result = TelegramMarkup()
        var open: [Tag] = []
        var markerPlaced = false
        walk: for piece in pieces {
            switch piece {
            case .open(let tag):
                guard budget > 0 else { break walk }
                result.pieces.append(piece)
                open.append(tag)
            case .close(let tag):
                result.pieces.append(piece)
                if let index = open.lastIndex(of: tag) { open.remove(at: index) }
            case .text(let text):
                if text.utf16.count <= budget {
                    result.pieces.append(piece)
                    budget -= text.utf16.count
                    continue walk
                }
                var kept = ""
                for character in text {
                    let size = String(character).utf16.count
                    guard size <= budget else { break }
                    kept.append(character)
                    budget -= size
                }
                result.pieces.append(.text(kept + marker))
                markerPlaced = true
                break walk
            }
        }
        if !markerPlaced { result.pieces.append(.text(marker)) }
        for tag in open.reversed() { result.pieces.append(.close(tag)) }
        return result.withoutEmptyTags()
    }

    /// Drops `<tag></tag>` pairs with nothing inside, which a cut can leave behind.
    private func withoutEmptyTags() -> TelegramMarkup {
        var result = TelegramMarkup()
        for piece in pieces {
            if case .close(let tag) = piece, case .open(tag) = result.pieces.last {
                result.pieces.removeLast()
                continue
            }
            if case .text("") = piece { continue }
            result.pieces.append(piece)
        }
        return result
    }

    /// `text` with `&`, `<` and `>` replaced by the entities the Bot API's HTML mode requires.
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
}
