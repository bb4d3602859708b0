import SSOHealingCore

/// One value of an AWS config file: a plain string, or an indented block of sub-keys such as
/// `sso_oidc =` followed by `  endpoint_url = …`.
enum AWSConfigValue: Sendable, Equatable {
    /// A plain value.
    case string(String)
    /// An indented block of `key = value` lines (one level, as botocore reads it).
    case nested([String: String])

    /// The value when it is a plain string.
    var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The sub-keys when the value is a block.
    var nested: [String: String]? {
        if case .nested(let values) = self { return values }
        return nil
    }
}

/// Why an AWS config file could not be read as botocore reads it.
struct AWSConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The file, or the empty string for text parsed from memory.
    var path: String
    /// A short phrase saying what is wrong.
    var reason: String

    var description: String { path.isEmpty ? reason : "\(path): \(reason)" }
}

/// The sections of an INI file exactly as botocore's `raw_config_parse` sees them: Python's
/// `RawConfigParser` rules (`=` or `:` delimiters, `#`/`;` full-line comments only, lower-cased
/// keys, indented continuation lines, strict duplicate checks, a `[DEFAULT]` section inherited by
/// all), then values that start with a line break parsed as one level of sub-keys.
struct AWSConfigFile: Sendable, Equatable {
    /// Section names in the order they first appear (`DEFAULT` excluded).
    var sectionNames: [String]
    /// Each section's options, `[DEFAULT]`'s included unless the section sets them itself.
    var sections: [String: [String: AWSConfigValue]]

    /// Parses `text`; `path` only names the file in errors.
    static func parse(_ text: String, path: String = "") throws(AWSConfigError) -> AWSConfigFile {
        var parser = INIParser(path: path)
        for line in text.split(
            omittingEmptySubsequences: false, whereSeparator: { $0 == "\n" || $0 == "\r\n" || $0 == "\r" })
        {
            try parser.consume(String(line))
        }
        return try parser.finish()
    }
}

/// The line-by-line state machine of Python's `RawConfigParser._read`.
private struct INIParser {
    private static let defaultSection = "DEFAULT"

    let path: String
    private var lineNumber = 0
    private var order: [String] = []
    private var raw: [String: [(name: String, lines: [String])]] = [:]
    private var defaults: [(name: String, lines: [String])] = []
    private var current: String?
    private var option: String?
    private var indentLevel = 0
    private var added: Set<String> = []
    private var badLines: [Int] = []

    init(path: String) {
        self.path = path
    }

    mutating func consume(_ line: String) throws(AWSConfigError) {
        lineNumber += 1
        let stripped = line.trimmingWhitespace()
        let isComment = stripped.hasPrefix("#") || stripped.hasPrefix(";")
        let value = isComment ? "" : stripped
        if value.isEmpty {
            // An empty line inside a multi-line value is part of it, but a comment line is not.
            if !isComment, let current, let option { appendToOption(current, option, "") }
            return
        }
        let indent = line.prefix { $0 == " " || $0 == "\t" || $0 == "\u{0B}" || $0 == "\u{0C}" }.count
        if let current, let option, indent > indentLevel {
            appendToOption(current, option, value)
            return
        }
        indentLevel = indent
        if let header = Self.sectionHeader(value) {
            if raw[header] != nil || header == Self.defaultSection {
                if added.contains(header) {
                    throw AWSConfigError(path: path, reason: "line \(lineNumber): duplicate section [\(header)]")
                }
            } else {
                raw[header] = []
                order.append(header)
            }
            added.insert(header)
            current = header
            option = nil
            return
        }
        guard let current else {
            throw AWSConfigError(path: path, reason: "line \(lineNumber): a key before any [section]")
        }
        guard let delimiter = value.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
            badLines.append(lineNumber)
            return
        }
        let name = value[..<delimiter].trimmingWhitespace().lowercased()
        guard !name.isEmpty else {
            badLines.append(lineNumber)
            return
        }
        let key = "\(current)\u{0}\(name)"
        guard !added.contains(key) else {
            throw AWSConfigError(path: path, reason: "line \(lineNumber): duplicate key \"\(name)\" in [\(current)]")
        }
        added.insert(key)
        let text = value[value.index(after: delimiter)...].trimmingWhitespace()
        setOption(current, name, [text])
        option = name
    }

    func finish() throws(AWSConfigError) -> AWSConfigFile {
        if !badLines.isEmpty {
            let lines = badLines.map(String.init).joined(separator: ", ")
            throw AWSConfigError(path: path, reason: "line \(lines): not a key = value line")
        }
        let inherited = try Self.values(defaults, path: path)
        var sections: [String: [String: AWSConfigValue]] = [:]
        for name in order {
            sections[name] = inherited.merging(try Self.values(raw[name] ?? [], path: path)) { _, own in own }
        }
        return AWSConfigFile(sectionNames: order, sections: sections)
    }

    /// `[name]`: everything between the leading `[` and the last `]` (Python's `\[(?P<header>.+)\]`).
    private static func sectionHeader(_ value: String) -> String? {
        guard value.hasPrefix("["), let close = value.lastIndex(of: "]") else { return nil }
        let start = value.index(after: value.startIndex)
        guard start < close else { return nil }
        return String(value[start..<close])
    }

    private mutating func setOption(_ section: String, _ name: String, _ lines: [String]) {
        if section == Self.defaultSection {
            if let index = defaults.firstIndex(where: { $0.name == name }) {
                defaults[index].lines = lines
            } else {
                defaults.append((name, lines))
            }
            return
        }
        if let index = raw[section]?.firstIndex(where: { $0.name == name }) {
            raw[section]?[index].lines = lines
        } else {
            raw[section]?.append((name, lines))
        }
    }

    private mutating func appendToOption(_ section: String, _ name: String, _ line: String) {
        if section == Self.defaultSection {
            if let index = defaults.firstIndex(where: { $0.name == name }) { defaults[index].lines.append(line) }
            return
        }
        if let index = raw[section]?.firstIndex(where: { $0.name == name }) { raw[section]?[index].lines.append(line) }
    }

    /// Joins continuation lines as Python does (`"\n".join(lines).rstrip()`), then reads a value
    /// starting with a line break as sub-keys.
    private static func values(
        _ options: [(name: String, lines: [String])], path: String
    ) throws(AWSConfigError) -> [String: AWSConfigValue] {
        var result: [String: AWSConfigValue] = [:]
        for (name, lines) in options {
            var text = lines.joined(separator: "\n")
            while let last = text.last, last.isWhitespace { text.removeLast() }
            if text.hasPrefix("\n") {
                var nested: [String: String] = [:]
                for line in text.split(separator: "\n") {
                    let entry = line.trimmingWhitespace()
                    if entry.isEmpty { continue }
                    guard let equals = entry.firstIndex(of: "=") else {
                        throw AWSConfigError(path: path, reason: "the block under \"\(name)\" has a line without =")
                    }
                    nested[entry[..<equals].trimmingWhitespace()] =
                        entry[entry.index(after: equals)...].trimmingWhitespace()
                }
                result[name] = .nested(nested)
            } else {
                result[name] = .string(text)
            }
        }
        return result
    }
}
