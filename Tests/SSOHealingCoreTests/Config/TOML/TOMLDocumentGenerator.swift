import SSOHealingTestKit

/// Generates random valid documents of the accepted TOML subset from a seed, and random
/// mutations of documents.
///
/// A document is first drawn as a tree of tables (each to be written with a header, with dotted
/// keys, or inline) and values, then written out with random but valid spelling: bare and quoted
/// keys, every string form with escapes, numbers in every base and form, random whitespace,
/// comments and line endings. The generator need not know what each document means: the
/// differential test compares the parser with Python's tomllib on it.
struct TOMLDocumentGenerator {
    var random: SeededRandom
    private var lineBreakStyle = 0

    init(seed: UInt64) {
        random = SeededRandom(seed: seed)
    }

    // MARK: Document model

    private final class Table {
        var entries: [(key: String, item: Item)] = []
        var names: Set<String> = []
    }

    private enum Style {
        case header, dotted, inline
    }

    private enum Item {
        case value(String)
        case table(Table, Style)
    }

    /// A table to be written as a `[header]` section, and the section that must precede it.
    private struct Section {
        var path: [String]
        var table: Table
        var after: Int?
        var skippable: Bool
    }

    // MARK: Documents

    /// A random valid document with about `rootEntries` entries at the top level.
    mutating func document(rootEntries: Int? = nil) -> String {
        lineBreakStyle = random.below(10)
        let root = makeTable(depth: 0, style: .header, inline: false, entries: rootEntries ?? 1 + random.below(5))
        var sections: [Section] = []
        var text = sectionBody(root, path: [], index: -1, sections: &sections)
        // Sections in a random order, except that a section whose path passes through a table made
        // by dotted keys comes after the section with those dotted keys.
        var emitted = Set<Int>()
        while emitted.count < sections.count {
            let ready = sections.indices.filter {
                !emitted.contains($0) && (sections[$0].after.map(emitted.contains) ?? true)
            }
            let index = random.chance(50) ? ready[0] : random.pick(ready)
            emitted.insert(index)
            let section = sections[index]
            if section.skippable && random.chance(40) { continue }  // Created implicitly by its sub-tables.
            text += blankLines() + header(section.path) + trailer() + lineBreak()
            text += sectionBody(section.table, path: section.path, index: index, sections: &sections)
        }
        if random.chance(20), text.hasSuffix("\n") {
            text.removeLast()
        }
        return text
    }

    /// A random table; `inline` when it is (inside) an inline table, where headers cannot be.
    private mutating func makeTable(depth: Int, style: Style, inline: Bool, entries: Int) -> Table {
        let table = Table()
        for _ in 0..<entries {
            let key = newKey(in: table)
            let roll = random.below(100)
            if depth < 4 && roll < 30 {
                let childStyle: Style =
                    switch style {
                    case _ where inline: random.chance(50) ? .dotted : .inline
                    case .header: random.chance(50) ? .header : .dotted
                    case .dotted: random.chance(90) ? .dotted : .header
                    case .inline: random.chance(50) ? .dotted : .inline
                    }
                let count = childStyle == .header ? random.below(4) : 1 + random.below(3)
                let child = makeTable(depth: depth + 1, style: childStyle, inline: inline, entries: count)
                table.entries.append((key, .table(child, childStyle)))
            } else {
                table.entries.append((key, .value(value(depth: depth))))
            }
        }
        return table
    }

    /// The key/value lines of a section; collects the sections of its header sub-tables.
    private mutating func sectionBody(_ table: Table, path: [String], index: Int, sections: inout [Section]) -> String {
        var lines: [String] = []
        for (key, item) in table.entries {
            switch item {
            case .value(let text):
                lines.append(keyValue([key], text))
            case .table(let child, .inline):
                lines.append(keyValue([key], inlineTable(child)))
            case .table(let child, .dotted):
                lines += dottedLines(child, prefix: [key], path: path + [key], index: index, sections: &sections)
            case .table(let child, .header):
                let onlyTables = child.entries.allSatisfy {
                    if case .table(_, .header) = $0.item { true } else { false }
                }
                sections.append(
                    Section(
                        path: path + [key], table: child, after: index < 0 ? nil : index,
                        skippable: onlyTables && !child.entries.isEmpty))
            }
        }
        if random.chance(30) { lines.shuffle(using: &random) }
        return lines.map { blankLines() + $0 + trailer() + lineBreak() }.joined()
    }

    private mutating func dottedLines(
        _ table: Table, prefix: [String], path: [String], index: Int, sections: inout [Section]
    ) -> [String] {
        var lines: [String] = []
        for (key, item) in table.entries {
            switch item {
            case .value(let text):
                lines.append(keyValue(prefix + [key], text))
            case .table(let child, .inline):
                lines.append(keyValue(prefix + [key], inlineTable(child)))
            case .table(let child, .dotted):
                lines += dottedLines(
                    child, prefix: prefix + [key], path: path + [key], index: index, sections: &sections)
            case .table(let child, .header):
                // A header may add a sub-table to a table made by dotted keys, after them.
                sections.append(
                    Section(path: path + [key], table: child, after: index < 0 ? nil : index, skippable: false))
            }
        }
        // An empty table cannot be written with dotted keys; one with only header sub-tables is
        // created by their headers.
        if table.entries.isEmpty { lines.append(keyValue(prefix, random.chance(50) ? "{}" : "{ }")) }
        return lines
    }

    private mutating func inlineTable(_ table: Table) -> String {
        if table.entries.isEmpty { return random.chance(50) ? "{}" : "{ }" }
        var pairs: [String] = []
        func collect(_ table: Table, prefix: [String], into pairs: inout [String], generator: inout Self) {
            for (key, item) in table.entries {
                switch item {
                case .value(let text):
                    pairs.append(generator.dottedKey(prefix + [key]) + generator.equals() + text)
                case .table(let child, .dotted) where !child.entries.isEmpty:
                    collect(child, prefix: prefix + [key], into: &pairs, generator: &generator)
                case .table(let child, _):
                    pairs.append(
                        generator.dottedKey(prefix + [key]) + generator.equals() + generator.inlineTable(child))
                }
            }
        }
        collect(table, prefix: [], into: &pairs, generator: &self)
        let space = random.pick(["", " ", "\t", "  "])
        return "{" + space + pairs.joined(separator: random.pick([",", ", ", " , ", ",\t"])) + space + "}"
    }

    // MARK: Keys

    private mutating func newKey(in table: Table) -> String {
        while true {
            let key = keyName()
            // Swift's Set compares canonically: equivalent spellings of a key are never both used.
            if table.names.insert(key).inserted { return key }
        }
    }

    private mutating func keyName() -> String {
        switch random.below(10) {
        case 0..<5:
            let characters = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-")
            return String((0..<(1 + random.below(8))).map { _ in random.pick(characters) })
        case 5..<7:
            return random.pick(["true", "false", "inf", "nan", "1", "0", "123", "-", "_", "a-b", "key", "1e5", "0x1"])
        default:
            return random.pick([
                "", " ", "a b", "a.b", "é", "e\u{301}", "日本", "😀", "\"", "'", "\\", "\t", "\n", "\u{1}", "#", "=",
                "[x]", "\u{7F}", "\u{FEFF}", "a\"b'c",
            ])
        }
    }

    private mutating func simpleKey(_ name: String) -> String {
        let bare = !name.isEmpty && name.unicodeScalars.allSatisfy(Self.isBareKeyCharacter)
        if bare && random.chance(80) { return name }
        let literalOK = !name.unicodeScalars.contains {
            $0 == "'" || ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F
        }
        if literalOK && random.chance(40) { return "'" + name + "'" }
        return "\"" + escapedBasic(name) + "\""
    }

    private mutating func dottedKey(_ names: [String]) -> String {
        let separator = random.pick([".", ".", ".", " . ", "\t.", ". "])
        return names.map { simpleKey($0) }.joined(separator: separator)
    }

    private mutating func header(_ path: [String]) -> String {
        let space = random.chance(20) ? random.pick([" ", "\t"]) : ""
        return "[" + space + dottedKey(path) + space + "]"
    }

    private mutating func keyValue(_ key: [String], _ value: String) -> String {
        random.pick(["", "", "  ", "\t"]) + dottedKey(key) + equals() + value
    }

    private mutating func equals() -> String {
        random.pick(["=", " = ", " = ", "\t=\t", "  =  ", "= ", " ="])
    }

    // MARK: Values

    private mutating func value(depth: Int) -> String {
        switch random.below(100) {
        case 0..<30: return string()
        case 30..<50: return integer()
        case 50..<68: return float()
        case 68..<75: return random.chance(50) ? "true" : "false"
        case 75..<90 where depth < 4: return array(depth: depth + 1)
        case 90..<100 where depth < 4:
            return inlineTable(makeTable(depth: depth + 1, style: .inline, inline: true, entries: random.below(4)))
        default: return integer()
        }
    }

    private mutating func array(depth: Int) -> String {
        let elements = (0..<random.below(5)).map { _ in value(depth: depth) }
        if elements.isEmpty { return random.pick(["[]", "[ ]", "[\n]", "[ # empty\n]"]) }
        if random.chance(60) {
            let joined = elements.joined(separator: random.pick([",", ", ", " , "]))
            return "[" + joined + (random.chance(20) ? "," : "") + "]"
        }
        var text = "[" + (random.chance(30) ? " # opening" : "") + lineBreak()
        for (index, element) in elements.enumerated() {
            if random.chance(15) { text += "  # a comment line" + lineBreak() }
            if random.chance(10) { text += lineBreak() }
            let comma = index < elements.count - 1 || random.chance(50) ? "," : ""
            text +=
                random.pick(["  ", "\t", ""]) + element + comma + (random.chance(20) ? " # element" : "") + lineBreak()
        }
        return text + "]"
    }

    // MARK: Strings

    private mutating func stringContent() -> String {
        var text = ""
        for _ in 0..<random.below(14) {
            switch random.below(100) {
            case 0..<45:
                text.unicodeScalars.append(random.pick(Array("abcXYZ019 -_".unicodeScalars)))
            case 45..<60:
                text.unicodeScalars.append(random.pick(Array("\"'\\#=[]{},.".unicodeScalars)))
            case 60..<72:
                text.unicodeScalars.append(random.pick(Array("\n\n\t\r".unicodeScalars)))
            case 72..<78:
                text.unicodeScalars.append(
                    random.pick(["\u{0}", "\u{1}", "\u{8}", "\u{C}", "\u{1B}", "\u{1F}", "\u{7F}"]))
            default:
                text += random.pick([
                    "é", "e\u{301}", "日", "本", "😀", "\u{FEFF}", "\u{2028}", "\u{FFFF}", "\u{10FFFF}", "\u{80}", "ß",
                    "Ω",
                ])
            }
        }
        return text
    }

    private mutating func string() -> String {
        let content = stringContent()
        let scalars = content.unicodeScalars
        let hasControl = scalars.contains { ($0.value < 0x20 && $0 != "\t") || $0.value == 0x7F }
        let hasMultilineControl = scalars.contains {
            ($0.value < 0x20 && $0 != "\t" && $0 != "\n") || $0.value == 0x7F
        }
        let apostrophes = Array(scalars).split { $0 != "'" }.map(\.count).max() ?? 0
        var forms = [0, 2]
        if !hasControl && apostrophes == 0 { forms.append(1) }
        if !hasMultilineControl && apostrophes < 3 { forms.append(3) }
        switch random.pick(forms) {
        case 0: return "\"" + escapedBasic(content) + "\""
        case 1: return "'" + content + "'"
        case 2: return multilineBasic(content)
        default: return multilineLiteral(content)
        }
    }

    private mutating func multilineLiteral(_ content: String) -> String {
        var text = "'''" + (random.chance(50) ? lineBreak() : "")
        for scalar in content.unicodeScalars {
            if scalar == "\n" { text += lineBreak() } else { text.unicodeScalars.append(scalar) }
        }
        return text + "'''"
    }

    private static func isBareKeyCharacter(_ scalar: Unicode.Scalar) -> Bool {
        switch scalar {
        case "A"..."Z", "a"..."z", "0"..."9", "_", "-": true
        default: false
        }
    }

    private mutating func escapedBasic(_ content: String) -> String {
        var text = ""
        for scalar in content.unicodeScalars {
            switch scalar {
            case "\"": text += "\\\""
            case "\\": text += "\\\\"
            case "\u{8}": text += "\\b"
            case "\t": text += random.chance(50) ? "\t" : "\\t"
            case "\n": text += "\\n"
            case "\u{C}": text += "\\f"
            case "\r": text += "\\r"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || random.chance(8) {
                    text += unicodeEscape(scalar)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
        }
        return text
    }

    private mutating func unicodeEscape(_ scalar: Unicode.Scalar) -> String {
        let long = scalar.value > 0xFFFF || random.chance(30)
        var hex = String(scalar.value, radix: 16, uppercase: random.chance(50))
        hex = String(repeating: "0", count: (long ? 8 : 4) - hex.count) + hex
        return (long ? "\\U" : "\\u") + hex
    }

    private mutating func multilineBasic(_ content: String) -> String {
        var text = "\"\"\"" + (random.chance(50) ? lineBreak() : "")
        var quotes = 0
        for scalar in content.unicodeScalars {
            if scalar == "\"" {
                if quotes < 2 && random.chance(70) {
                    text += "\""
                    quotes += 1
                } else {
                    text += "\\\""
                    quotes = 0
                }
                continue
            }
            quotes = 0
            switch scalar {
            case "\\": text += "\\\\"
            case "\n": text += random.chance(80) ? lineBreak() : "\\n"
            case "\r": text += "\\r"
            case "\t": text += random.chance(50) ? "\t" : "\\t"
            default:
                if scalar.value < 0x20 || scalar.value == 0x7F || random.chance(5) {
                    text += unicodeEscape(scalar)
                } else {
                    text.unicodeScalars.append(scalar)
                }
            }
            if random.chance(6) {
                // A line-ending backslash: trims the break and the whitespace after it.
                text +=
                    "\\" + random.pick(["", " ", "\t "]) + lineBreak() + random.pick(["", "  ", "\t", lineBreak()])
            }
        }
        return text + "\"\"\""
    }

    // MARK: Numbers

    private mutating func digits(_ text: String) -> String {
        var result = ""
        for (index, character) in text.enumerated() {
            if index > 0 && random.chance(12) { result += "_" }
            result.append(character)
        }
        return result
    }

    private mutating func integer() -> String {
        let value: Int64 = random.pick([
            0, 1, -1, 42, .max, .min, .max - 1, .min + 1, Int64(bitPattern: random.next()),
            Int64(random.below(2001)) - 1000, Int64(bitPattern: random.next()) >> Int64(random.below(63)),
        ])
        if value >= 0 && random.chance(40) {
            let (prefix, radix): (String, Int) = random.pick([("0x", 16), ("0o", 8), ("0b", 2)])
            let zeros = String(repeating: "0", count: random.chance(20) ? random.below(3) : 0)
            return prefix + digits(zeros + String(value, radix: radix, uppercase: random.chance(50)))
        }
        let sign = value < 0 ? "-" : random.pick(["", "", "", "+", value == 0 ? "-" : ""])
        return sign + digits(String(value.magnitude))
    }

    private mutating func float() -> String {
        switch random.below(10) {
        case 0:
            return random.pick(["inf", "+inf", "-inf", "nan", "+nan", "-nan"])
        case 1..<4:
            let value = Double(bitPattern: random.next())
            guard value.isFinite else { return "-0.0" }
            return value.description
        default:
            let sign = random.pick(["", "", "+", "-"])
            let integerPart = random.chance(30) ? "0" : String(1 + random.below(9)) + numberText(random.below(19))
            let fraction = random.chance(70) ? "." + digits(numberText(1 + random.below(20))) : ""
            var exponent = ""
            if fraction.isEmpty || random.chance(40) {
                exponent =
                    random.pick(["e", "E"]) + random.pick(["", "+", "-"]) + digits(numberText(1 + random.below(3)))
            }
            return sign + digits(integerPart) + fraction + exponent
        }
    }

    private mutating func numberText(_ count: Int) -> String {
        String((0..<count).map { _ in random.pick(Array("0123456789")) })
    }

    // MARK: Layout

    private mutating func lineBreak() -> String {
        switch lineBreakStyle {
        case 0..<7: "\n"
        case 7..<9: "\r\n"
        default: random.chance(50) ? "\n" : "\r\n"
        }
    }

    private mutating func trailer() -> String {
        switch random.below(100) {
        case 0..<15: return random.pick([" ", "\t", "  "]) + "#" + comment()
        case 15..<20: return random.pick([" ", "\t"])
        default: return ""
        }
    }

    private mutating func comment() -> String {
        random.pick([
            "", " comment", " with \"quotes\" and 'apostrophes'", " unicode é 日本 😀", "#", " [not] {a} = table",
            "\ttab", " \"\"\" '''",
        ])
    }

    private mutating func blankLines() -> String {
        switch random.below(100) {
        case 0..<8: return lineBreak()
        case 8..<14: return "#" + comment() + lineBreak()
        default: return ""
        }
    }

    // MARK: Mutations

    /// Characters and snippets that matter to TOML, for insertions.
    static let significant: [String] = [
        "=", "\"", "'", "[", "]", "{", "}", ",", ".", "#", "\\", "\n", "\r", "\r\n", " ", "\t", "0", "1", "_", "+", "-",
        "e", "x", "\u{1}", "\u{0}", "\u{7F}", "é", "\"\"\"", "'''", "[[", "]]", "\\u", "\\U", "inf", "nan", "true",
        "1979-05-27", "12:00:00", "a", "a.b", "a = 1\n", "[a]\n", "{}", "[]", "\\\n",
    ]

    /// `text` changed by one to `count` random mutations: bit flips, insertions of significant
    /// characters, deletions, truncations, duplicated and swapped lines.
    mutating func mutate(_ text: String, count: Int) -> String {
        var bytes = Array(text.utf8)
        for _ in 0..<count {
            switch random.below(8) {
            case 0 where !bytes.isEmpty:
                bytes[random.below(bytes.count)] ^= UInt8(1) << UInt8(random.below(8))
            case 1, 2:
                bytes.insert(contentsOf: Array(random.pick(Self.significant).utf8), at: random.below(bytes.count + 1))
            case 3 where !bytes.isEmpty:
                let start = random.below(bytes.count)
                bytes.removeSubrange(start..<min(bytes.count, start + 1 + random.below(4)))
            case 4:
                bytes.removeSubrange(random.below(bytes.count + 1)..<bytes.count)
            case 5, 6:
                var lines = bytes.split(separator: 0x0A, omittingEmptySubsequences: false).map(Array.init)
                let line = random.below(lines.count)
                if random.chance(60) {
                    lines.insert(lines[line], at: random.below(lines.count + 1))
                } else {
                    lines.swapAt(line, random.below(lines.count))
                }
                bytes = Array(lines.joined(separator: [0x0A]))
            default:
                if !bytes.isEmpty {
                    bytes[random.below(bytes.count)] = random.pick(Array("=\"'[]{},.#\\\n\r 0_+e".utf8))
                }
            }
        }
        return String(decoding: bytes, as: UTF8.self)
    }
}
