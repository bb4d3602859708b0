/// A small text template over an ``AlertEvent``'s fields, for webhook bodies, mail subjects and the like.
///
/// Text is copied as written; `{{field}}` is replaced by the event's field. Spaces inside the
/// braces are ignored (`{{ summary }}`).
///
/// | placeholder | value |
/// |---|---|
/// | `{{summary}}`, `{{remedy}}`, `{{probe}}`, `{{kind}}`, `{{host}}`, `{{id}}`, `{{fingerprint}}` | the field's text (`remedy` is empty when there is none) |
/// | `{{state}}`, `{{previous}}`, `{{severity}}` | `ok`, `degraded`, `expired`, `unknown`; `info`, `warning`, `critical` |
/// | `{{episode}}`, `{{reminder}}`, `{{version}}` | the number |
/// | `{{resolved}}`, `{{test}}` | `true` or `false` |
/// | `{{at}}` | the time of the change, `2026-11-27T15:04:05Z` |
/// | `{{details.NAME}}` | one detail, e.g. `{{details.session_expires_at}}`; empty when the event has none of that name |
/// | `{{json}}` | the whole event as one line of JSON |
/// | `{{details}}` | the details as a JSON object |
/// | `{{raw:FIELD}}` | the field without escaping (see below) |
/// | `{{"{{"}}` | a literal `{{` (any quoted text is copied as is) |
///
/// **Escaping.** Rendered with ``Escaping/json`` (a webhook whose content type is JSON), every
/// value is escaped for use *inside* a JSON string — write `"text": "{{summary}}"` — except
/// `{{json}}` and `{{details}}`, which are JSON values themselves — write `"event": {{json}}`.
/// With ``Escaping/formURLEncoded`` every value is percent-encoded. `{{raw:summary}}` opts one
/// placeholder out. An unknown field is an error when the template is parsed, so a typo is found
/// when the configuration is loaded, not when an alert is due.
///
/// ```swift
/// let template = try EventTemplate(#"{"text": "[{{severity}}] {{summary}}", "event": {{json}}}"#)
/// let body = template.render(event, escaping: .json)
/// ```
public struct EventTemplate: Sendable, Equatable, CustomStringConvertible {
    /// How values are escaped when they are put into the text.
    public enum Escaping: Sendable, Hashable {
        /// Values are inserted as they are.
        case none
        /// Values are escaped for the inside of a JSON string; `json` and `details` are inserted as JSON.
        case json
        /// Values are percent-encoded (`application/x-www-form-urlencoded`).
        case formURLEncoded

        /// The escaping a body of `contentType` needs: `json` for `application/json` and `*+json`,
        /// `formURLEncoded` for `application/x-www-form-urlencoded`, `none` otherwise.
        public init(contentType: String) {
            let mediaType = contentType.prefix { $0 != ";" }.trimmingASCIISpaces().lowercased()
            if mediaType == "application/json" || mediaType.hasSuffix("+json") {
                self = .json
            } else if mediaType == "application/x-www-form-urlencoded" {
                self = .formURLEncoded
            } else {
                self = .none
            }
        }
    }

    /// The event fields a placeholder may name (besides `details.NAME`).
    public static let fieldNames = [
        "summary", "remedy", "probe", "kind", "state", "previous", "severity", "host", "at", "id", "fingerprint",
        "episode", "transition", "reminder", "resolved", "test", "version", "json", "details",
    ]

    /// The template's text as written.
    public let source: String
    private let segments: [Segment]

    /// Parses `source`; throws for an unknown field or a malformed placeholder.
    public init(_ source: String) throws(EventTemplateError) {
        self.source = source
        self.segments = try Self.parse(source)
    }

    /// The names of the fields the template uses, in order (`details.NAME` as written).
    public var fields: [String] {
        segments.compactMap { segment in
            if case .field(let field, _) = segment { return field.name }
            return nil
        }
    }

    /// The template's text.
    public var description: String { source }

    /// The text with every placeholder replaced by `event`'s value, escaped as `escaping` says.
    public func render(_ event: AlertEvent, escaping: Escaping = .none) -> String {
        var output = ""
        for segment in segments {
            switch segment {
            case .text(let text):
                output += text
            case .field(let field, let raw):
                let value = field.value(in: event)
                output += raw ? value.text : Self.escape(value, escaping)
            }
        }
        return output
    }

    /// Templates are equal when their texts are.
    public static func == (lhs: EventTemplate, rhs: EventTemplate) -> Bool { lhs.source == rhs.source }

    private enum Segment: Sendable {
        case text(String)
        case field(Field, raw: Bool)
    }

    private enum Field: Sendable {
        case named(String)
        case detail(String)

        var name: String {
            switch self {
            case .named(let name): name
            case .detail(let key): "details." + key
            }
        }

        func value(in event: AlertEvent) -> Value {
            switch self {
            case .detail(let key): return .text(event.details[key] ?? "")
            case .named(let name):
                switch name {
                case "summary": return .text(event.summary)
                case "remedy": return .text(event.remedy ?? "")
                case "probe": return .text(event.probe)
                case "kind": return .text(event.kind)
                case "state": return .text(event.state.rawValue)
                case "previous": return .text(event.previous.rawValue)
                case "severity": return .text(event.severity.rawValue)
                case "host": return .text(event.host)
                case "at": return .text(Timestamp.string(event.at))
                case "id": return .text(event.id)
                case "fingerprint": return .text(event.fingerprint)
                case "episode": return .text(String(event.episode))
                case "transition": return .text(String(event.transition))
                case "reminder": return .text(String(event.reminder))
                case "resolved": return .text(event.resolved ? "true" : "false")
                case "test": return .text(event.test ? "true" : "false")
                case "version": return .text(String(event.version))
                case "json": return .json(event.jsonString())
                case "details":
                    let pairs = event.details.sorted { $0.key < $1.key }.map { ($0.key, JSONValue.string($0.value)) }
                    return .json(JSONValue.object(pairs).serialized())
                default: return .text("")
                }
            }
        }
    }

    private enum Value {
        case text(String)
        case json(String)

        var text: String {
            switch self {
            case .text(let text), .json(let text): text
            }
        }
    }

    private static let open = "{{"
    private static let close = "}}"
    private static let rawPrefix = "raw:"

    private static func parse(_ source: String) throws(EventTemplateError) -> [Segment] {
        var segments: [Segment] = []
        var rest = Substring(source)
        var literal = ""
        while let start = rest.firstRange(of: open) {
            literal += rest[..<start.lowerBound]
            let afterOpen = rest[start.upperBound...]
            let offset = source.distance(from: source.startIndex, to: start.lowerBound)
            guard let end = closingRange(in: afterOpen) else {
                throw EventTemplateError(
                    "unclosed placeholder at character \(offset + 1): \"{{\" needs a matching \"}}\" (write {{\"{{\"}} for a literal \"{{\")",
                    offset: offset)
            }
            let inside = afterOpen[..<end.lowerBound].trimmingASCIISpaces()
            rest = afterOpen[end.upperBound...]
            if inside.count >= 2, inside.hasPrefix("\""), inside.hasSuffix("\"") {
                literal += inside.dropFirst().dropLast()
                continue
            }
            if !literal.isEmpty {
                segments.append(.text(literal))
                literal = ""
            }
            segments.append(try placeholder(inside, offset: offset))
        }
        literal += rest
        if !literal.isEmpty { segments.append(.text(literal)) }
        return segments
    }

    /// The first `}}` after an opening, skipping over a quoted literal such as `{{"}}"}}`.
    private static func closingRange(in text: Substring) -> Range<Substring.Index>? {
        let trimmed = text.drop { $0 == " " || $0 == "\t" }
        if trimmed.hasPrefix("\""), let quote = trimmed.dropFirst().firstIndex(of: "\"") {
            return text[text.index(after: quote)...].firstRange(of: close)
        }
        return text.firstRange(of: close)
    }

    private static func placeholder(_ inside: String, offset: Int) throws(EventTemplateError) -> Segment {
        var name = inside
        var raw = false
        if name.hasPrefix(rawPrefix) {
            raw = true
            name = String(name.dropFirst(rawPrefix.count)).trimmingASCIISpaces()
        } else if let colon = name.firstIndex(of: ":") {
            let modifier = String(name[..<colon])
            throw EventTemplateError(
                "unknown modifier \"\(modifier):\" in {{\(inside)}}; the only modifier is \"raw:\"", offset: offset)
        }
        guard !name.isEmpty else {
            throw EventTemplateError(
                "empty placeholder {{\(inside)}}: name a field, e.g. {{summary}}", offset: offset)
        }
        if name.hasPrefix("details.") {
            let key = String(name.dropFirst("details.".count))
            guard !key.isEmpty else {
                throw EventTemplateError(
                    "{{\(inside)}} names no detail: write e.g. {{details.session_expires_at}}", offset: offset)
            }
            return .field(.detail(key), raw: raw)
        }
        guard fieldNames.contains(name) else {
            var message = "unknown field \"\(name)\" in {{\(inside)}}"
            if let near = KeySuggestion.nearest(to: name, in: fieldNames) {
                message += "; did you mean {{\(raw ? rawPrefix : "")\(near)}}?"
            } else {
                message += " (known: \(fieldNames.joined(separator: ", ")), details.NAME)"
            }
            throw EventTemplateError(message, offset: offset)
        }
        return .field(.named(name), raw: raw)
    }

    private static func escape(_ value: Value, _ escaping: Escaping) -> String {
        switch (escaping, value) {
        case (.none, _): return value.text
        case (.json, .json(let json)): return json
        case (.json, .text(let text)): return String(JSONValue.string(text).serialized().dropFirst().dropLast())
        case (.formURLEncoded, _): return percentEncoded(value.text)
        }
    }

    /// `text` with every byte but the unreserved ones (`A-Z a-z 0-9 - . _ ~`) percent-encoded.
    static func percentEncoded(_ text: String) -> String {
        var output = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
                UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"),
                UInt8(ascii: "~"):
                output.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                let hex = Array("0123456789ABCDEF".utf8)
                output += "%"
                output.unicodeScalars.append(Unicode.Scalar(hex[Int(byte >> 4)]))
                output.unicodeScalars.append(Unicode.Scalar(hex[Int(byte & 0x0F)]))
            }
        }
        return output
    }
}

/// Why an ``EventTemplate`` could not be parsed.
public struct EventTemplateError: Error, Sendable, Hashable, CustomStringConvertible {
    /// A short lower-case phrase naming the offending placeholder.
    public var message: String
    /// Where the offending placeholder starts, in characters from the template's start.
    public var offset: Int

    /// Creates an error.
    public init(_ message: String, offset: Int) {
        self.message = message
        self.offset = offset
    }

    /// The message.
    public var description: String { message }
}

extension StringProtocol {
    fileprivate func trimmingASCIISpaces() -> String {
        let isSpace: (Character) -> Bool = { $0.isWhitespace }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else {
            return ""
        }
        return String(self[first...last])
    }
}
