import SSOHealingCore

/// Block Kit as Slack checks it, for ``FakeSlackWebhook``: the block types `header`, `section`,
/// `context`, `divider` and `actions` (link buttons) with their text objects, within Slack's documented limits; and
/// `mrkdwn` decoded as people see it.
public enum SlackBlocks {
    /// The text objects of `blocks` in order, or `nil` when any block is malformed.
    public static func texts(of blocks: [JSONValue]) -> [String]? {
        var texts: [String] = []
        for block in blocks {
            guard let more = blockTexts(block) else { return nil }
            texts += more
        }
        return texts
    }

    private static func blockTexts(_ block: JSONValue) -> [String]? {
        guard case .object(let pairs) = block, let type = block["type"]?.stringValue else { return nil }
        if let id = block["block_id"], !(id.stringValue.map { !$0.isEmpty && $0.count <= 255 } ?? false) {
            return nil
        }
        let keys = Set(pairs.map(\.0)).subtracting(["type", "block_id"])
        switch type {
        case "divider":
            return keys.isEmpty ? [] : nil
        case "header":
            guard keys == ["text"], let text = textObject(block["text"], limit: 150, plainOnly: true) else {
                return nil
            }
            return [text]
        case "section":
            guard !keys.isEmpty, keys.isSubset(of: ["text", "fields"]) else { return nil }
            var texts: [String] = []
            if let value = block["text"] {
                guard let text = textObject(value, limit: 3000) else { return nil }
                texts.append(text)
            }
            if let value = block["fields"] {
                guard let fields = value.arrayValue, (1...10).contains(fields.count) else { return nil }
                for field in fields {
                    guard let text = textObject(field, limit: 2000) else { return nil }
                    texts.append(text)
                }
            }
            return texts
        case "context":
            guard keys == ["elements"], let elements = block["elements"]?.arrayValue, (1...10).contains(elements.count)
            else { return nil }
            var texts: [String] = []
            for element in elements {
                guard let text = textObject(element, limit: 3000) else { return nil }
                texts.append(text)
            }
            return texts
        case "actions":
            guard keys == ["elements"], let elements = block["elements"]?.arrayValue, (1...25).contains(elements.count)
            else { return nil }
            var texts: [String] = []
            for element in elements {
                guard let button = linkButton(element) else { return nil }
                texts.append(plainMarker + button.text)
            }
            return texts
        default:
            return nil
        }
    }

    /// A `button` element with a `url`, as an incoming webhook may carry: its text and URL.
    private static func linkButton(_ element: JSONValue) -> (text: String, url: String)? {
        guard case .object(let pairs) = element, element["type"]?.stringValue == "button",
            Set(pairs.map(\.0)).isSubset(of: ["type", "text", "url", "style", "action_id", "value"]),
            let text = textObject(element["text"], limit: 75, plainOnly: true),
            let url = element["url"]?.stringValue, !url.isEmpty, url.utf16.count <= 3000,
            url.hasPrefix("https://") || url.hasPrefix("http://")
        else { return nil }
        if let style = element["style"], !["primary", "danger"].contains(style.stringValue ?? "") { return nil }
        return (String(text.dropFirst(plainMarker.count)), url)
    }

    /// The link buttons of `blocks` in order: (text, url).
    public static func buttons(of blocks: [JSONValue]) -> [(text: String, url: String)] {
        blocks.filter { $0["type"]?.stringValue == "actions" }.flatMap { block in
            (block["elements"]?.arrayValue ?? []).compactMap(linkButton)
        }
    }

    /// The text of a `plain_text` or `mrkdwn` object within `limit`, or `nil` when malformed.
    private static func textObject(_ value: JSONValue?, limit: Int, plainOnly: Bool = false) -> String? {
        guard let value, case .object(let pairs) = value, let type = value["type"]?.stringValue,
            let text = value["text"]?.stringValue, !text.isEmpty, text.utf16.count <= limit
        else { return nil }
        let keys = Set(pairs.map(\.0))
        switch type {
        case "plain_text":
            guard keys.isSubset(of: ["type", "text", "emoji"]), value["emoji"].map({ $0.boolValue != nil }) ?? true
            else { return nil }
        case "mrkdwn" where !plainOnly:
            guard keys.isSubset(of: ["type", "text", "verbatim"]),
                value["verbatim"].map({ $0.boolValue != nil }) ?? true
            else { return nil }
        default:
            return nil
        }
        // plain_text is shown as written: mark it so `decode` leaves it alone.
        return type == "plain_text" ? plainMarker + text : text
    }

    private static let plainMarker = "\u{0}plain\u{0}"

    /// Whether `color` is an attachment colour Slack knows: `good`, `warning`, `danger` or a hex code.
    public static func isColor(_ color: String) -> Bool {
        if ["good", "warning", "danger"].contains(color) { return true }
        let hex = color.hasPrefix("#") ? color.dropFirst() : Substring(color)
        return hex.count == 6 && hex.allSatisfy(\.isHexDigit)
    }

    /// `mrkdwn` as people see it: `<…|label>` as its label, `<!here>` as `@here`, `<@U1>` as `@U1`,
    /// dates as their fallback, and `&amp;`, `&lt;`, `&gt;` as the characters.
    public static func decode(_ text: String) -> String {
        if text.hasPrefix(plainMarker) { return String(text.dropFirst(plainMarker.count)) }
        var output = ""
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<") {
            output += unescape(rest[..<open])
            guard let close = rest[open...].firstIndex(of: ">") else {
                output += unescape(rest[open...])
                return output
            }
            let inner = rest[rest.index(after: open)..<close]
            let parts = inner.split(separator: "|", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 {
                output += unescape(parts[1])
            } else if inner.hasPrefix("!") {
                output += "@" + inner.dropFirst()
            } else {
                output += unescape(inner)
            }
            rest = rest[rest.index(after: close)...]
        }
        return output + unescape(rest)
    }

    /// The broadcasts and mentions `mrkdwn` triggers: `<!channel>`, `<!here>`, `<!everyone>`,
    /// `<@U…>`, `<!subteam^…>`.
    public static func mentions(in text: String) -> [String] {
        guard !text.hasPrefix(plainMarker) else { return [] }
        var found: [String] = []
        var rest = Substring(text)
        while let open = rest.firstIndex(of: "<"), let close = rest[open...].firstIndex(of: ">") {
            let inner = rest[rest.index(after: open)..<close].prefix { $0 != "|" }
            if inner.hasPrefix("@") || (inner.hasPrefix("!") && !inner.hasPrefix("!date^")) {
                found.append(String(inner))
            }
            rest = rest[rest.index(after: close)...]
        }
        return found
    }

    private static func unescape(_ text: Substring) -> String {
        String(text).replacing("&lt;", with: "<").replacing("&gt;", with: ">").replacing("&amp;", with: "&")
    }
}
