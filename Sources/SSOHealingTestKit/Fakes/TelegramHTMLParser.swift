/// Parses Bot API HTML (`parse_mode = "HTML"`) into plain text and entities, as Telegram does,
/// and rejects what Telegram's documentation rules out.
///
/// Supported, as documented for `sendMessage`: `b`/`strong`, `i`/`em`, `u`/`ins`,
/// `s`/`strike`/`del`, `tg-spoiler` and `span class="tg-spoiler"`, `a href`, `tg-emoji emoji-id`,
/// `code` (with `class="language-…"` only directly inside `pre`), `pre`, `blockquote`
/// (optionally `expandable`); the entities `&lt;`, `&gt;`, `&amp;`, `&quot;` and every numeric
/// one. It is stricter than the server in one way, on purpose: the documentation says every `<`,
/// `>` and `&` that is not part of a tag or an entity *must* be escaped, and this parser rejects
/// a bare `&` or `>` (the server lets some through) so that a sender that forgets to escape is caught.
public enum TelegramHTMLParser {
    /// A formatted range of the parsed text, in UTF-16 code units as the Bot API counts them.
    public struct Entity: Sendable, Equatable, CustomStringConvertible {
        /// The Bot API's entity type: `bold`, `italic`, `code`, `pre`, `text_link`, …
        public var type: String
        /// Where it starts.
        public var offset: Int
        /// How long it is.
        public var length: Int
        /// The link of a `text_link`.
        public var url: String?
        /// The language of a `pre`.
        public var language: String?

        /// Creates an entity.
        public init(type: String, offset: Int, length: Int, url: String? = nil, language: String? = nil) {
            self.type = type
            self.offset = offset
            self.length = length
            self.url = url
            self.language = language
        }

        /// `type@offset+length`.
        public var description: String { "\(type)@\(offset)+\(length)" }
    }

    /// The text without markup, and its entities.
    public struct Parsed: Sendable, Equatable {
        /// The text as people see it.
        public var text: String
        /// The formatted ranges, in the order they close.
        public var entities: [Entity]
    }

    /// Why the text could not be parsed, worded like the server's "can't parse entities: …".
    public struct ParseError: Error, Sendable, Equatable, CustomStringConvertible {
        /// The explanation, with the byte offset.
        public var description: String
    }

    private static let entityTypes: [String: String] = [
        "b": "bold", "strong": "bold", "i": "italic", "em": "italic", "u": "underline", "ins": "underline",
        "s": "strikethrough", "strike": "strikethrough", "del": "strikethrough", "span": "spoiler",
        "tg-spoiler": "spoiler", "a": "text_link", "code": "code", "pre": "pre", "blockquote": "blockquote",
        "tg-emoji": "custom_emoji",
    ]

    private struct OpenTag {
        var name: String
        var attributes: [String: String]
        var start: Int
        var offset: Int
    }

    /// Parses `html`; the text keeps leading and trailing whitespace (the server trims it when
    /// it measures the length).
    public static func parse(_ html: String) throws(ParseError) -> Parsed {
        let bytes = Array(html.utf8)
        var output: [UInt8] = []
        var utf16 = 0
        var stack: [OpenTag] = []
        var entities: [Entity] = []
        var index = 0

        func append(_ scalar: Unicode.Scalar) {
            output += Array(String(scalar).utf8)
            utf16 += scalar.utf16.count
        }

        while index < bytes.count {
            let byte = bytes[index]
            if byte == UInt8(ascii: "&") {
                guard let (scalar, length) = entity(in: bytes, at: index) else {
                    throw ParseError(
                        description: "Character '&' must be escaped as \"&amp;\" at byte offset \(index)")
                }
                append(scalar)
                index += length
                continue
            }
            if byte == UInt8(ascii: ">") {
                throw ParseError(description: "Character '>' must be escaped as \"&gt;\" at byte offset \(index)")
            }
            if byte != UInt8(ascii: "<") {
                output.append(byte)
                if byte & 0xC0 != 0x80 { utf16 += byte >= 0xF0 ? 2 : 1 }
                index += 1
                continue
            }
            let begin = index
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
                index += 1
                let name = readName(bytes, &index)
                skipSpaces(bytes, &index)
                guard index < bytes.count, bytes[index] == UInt8(ascii: ">") else {
                    throw ParseError(description: "Unclosed end tag at byte offset \(begin)")
                }
                index += 1
                guard let open = stack.popLast() else {
                    throw ParseError(description: "Unexpected end tag at byte offset \(begin)")
                }
                guard open.name == name else {
                    throw ParseError(
                        description:
                            "Unmatched end tag at byte offset \(begin), expected \"</\(open.name)>\", found \"</\(name)>\""
                    )
                }
                if let entity = makeEntity(open, end: utf16, inside: stack.last) { entities.append(entity) }
                continue
            }
            let name = readName(bytes, &index)
            guard !name.isEmpty else {
                throw ParseError(description: "Empty tag name at byte offset \(begin)")
            }
            guard entityTypes[name] != nil else {
                throw ParseError(description: "Unsupported start tag \"\(name)\" at byte offset \(begin)")
            }
            var attributes: [String: String] = [:]
            while true {
                skipSpaces(bytes, &index)
                guard index < bytes.count else {
                    throw ParseError(description: "Unclosed start tag at byte offset \(begin)")
                }
                if bytes[index] == UInt8(ascii: ">") {
                    index += 1
                    break
                }
                let attribute = readName(bytes, &index)
                guard !attribute.isEmpty else {
                    throw ParseError(
                        description: "Empty attribute name in the tag \"\(name)\" at byte offset \(begin)")
                }
                skipSpaces(bytes, &index)
                var value = ""
                if index < bytes.count, bytes[index] == UInt8(ascii: "=") {
                    index += 1
                    skipSpaces(bytes, &index)
                    value = try readValue(bytes, &index, tag: name, begin: begin)
                }
                attributes[attribute] = value
            }
            try check(name, attributes, inside: stack.last, at: begin)
            stack.append(OpenTag(name: name, attributes: attributes, start: begin, offset: utf16))
        }
        if let open = stack.last {
            throw ParseError(description: "Can't find end tag corresponding to start tag \"\(open.name)\"")
        }
        return Parsed(text: String(decoding: output, as: UTF8.self), entities: entities)
    }

    private static func check(
        _ name: String, _ attributes: [String: String], inside parent: OpenTag?, at begin: Int
    ) throws(ParseError) {
        switch name {
        case "a":
            guard let href = attributes["href"], !href.isEmpty else {
                throw ParseError(description: "Tag \"a\" must have a non-empty \"href\" at byte offset \(begin)")
            }
        case "span":
            guard attributes["class"] == "tg-spoiler" else {
                throw ParseError(description: "Tag \"span\" must have class \"tg-spoiler\" at byte offset \(begin)")
            }
        case "tg-emoji":
            guard let id = attributes["emoji-id"], !id.isEmpty, id.utf8.allSatisfy({ (0x30...0x39).contains($0) })
            else {
                throw ParseError(description: "Custom emoji identifier expected at byte offset \(begin)")
            }
        case "code":
            if let language = attributes["class"], language.hasPrefix("language-"), parent?.name != "pre" {
                throw ParseError(
                    description:
                        "Programming language can't be specified for a standalone code tag at byte offset \(begin)"
                )
            }
        default: break
        }
    }

    private static func makeEntity(_ open: OpenTag, end: Int, inside parent: OpenTag?) -> Entity? {
        guard end > open.offset, var type = entityTypes[open.name] else { return nil }
        var entity = Entity(type: type, offset: open.offset, length: end - open.offset)
        switch open.name {
        case "a": entity.url = open.attributes["href"]
        case "blockquote" where open.attributes["expandable"] != nil:
            type = "expandable_blockquote"
            entity.type = type
        case "code" where parent?.name == "pre":
            entity.language = open.attributes["class"].map { String($0.dropFirst("language-".count)) }
        default: break
        }
        return entity
    }

    /// The character an entity at `index` stands for, and the entity's length in bytes.
    private static func entity(in bytes: [UInt8], at index: Int) -> (Unicode.Scalar, Int)? {
        guard let semicolon = bytes[index...].prefix(12).firstIndex(of: UInt8(ascii: ";")) else { return nil }
        let body = String(decoding: bytes[(index + 1)..<semicolon], as: UTF8.self)
        let length = semicolon - index + 1
        switch body {
        case "lt": return ("<", length)
        case "gt": return (">", length)
        case "amp": return ("&", length)
        case "quot": return ("\"", length)
        default: break
        }
        guard body.hasPrefix("#") else { return nil }
        let digits = body.dropFirst()
        let value: UInt32?
        if digits.first == "x" || digits.first == "X" {
            value = digits.count > 1 ? UInt32(digits.dropFirst(), radix: 16) : nil
        } else {
            value = digits.isEmpty ? nil : UInt32(digits, radix: 10)
        }
        guard let value, value != 0, let scalar = Unicode.Scalar(value) else { return nil }
        return (scalar, length)
    }

    private static func readName(_ bytes: [UInt8], _ index: inout Int) -> String {
        let start = index
        while index < bytes.count,
            (0x61...0x7A).contains(bytes[index] | 0x20) || (0x30...0x39).contains(bytes[index])
                || bytes[index] == UInt8(ascii: "-") || bytes[index] == UInt8(ascii: "_")
        {
            index += 1
        }
        return String(decoding: bytes[start..<index], as: UTF8.self).lowercased()
    }

    private static func skipSpaces(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, [0x20, 0x09, 0x0A, 0x0D].contains(bytes[index]) { index += 1 }
    }

    private static func readValue(
        _ bytes: [UInt8], _ index: inout Int, tag: String, begin: Int
    ) throws(ParseError) -> String {
        guard index < bytes.count else { throw ParseError(description: "Unclosed start tag at byte offset \(begin)") }
        let quote = bytes[index]
        var value: [UInt8] = []
        if quote == UInt8(ascii: "\"") || quote == UInt8(ascii: "'") {
            index += 1
            while index < bytes.count, bytes[index] != quote {
                if bytes[index] == UInt8(ascii: "&"), let (scalar, length) = entity(in: bytes, at: index) {
                    value += Array(String(scalar).utf8)
                    index += length
                } else {
                    value.append(bytes[index])
                    index += 1
                }
            }
            guard index < bytes.count else {
                throw ParseError(description: "Unclosed start tag \"\(tag)\" at byte offset \(begin)")
            }
            index += 1
        } else {
            while index < bytes.count, ![0x20, 0x09, 0x0A, 0x0D, UInt8(ascii: ">")].contains(bytes[index]) {
                value.append(bytes[index])
                index += 1
            }
        }
        return String(decoding: value, as: UTF8.self)
    }
}
