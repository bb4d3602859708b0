#if canImport(FoundationEssentials)
    import FoundationEssentials
#else
    import Foundation
#endif

/// Decodes one TOML table against a schema, collecting every error rather than stopping at the first.
struct SchemaDecoder {
    var file: String
    /// How messages name the table, e.g. `[probe.prod]` or `drop-in`.
    var tableName: String
    var environment: [String: String]
    /// Relative `_file` paths are resolved against this directory.
    var baseDirectory: String

    /// Keys whose values are written literally in the file (not `${VAR}` or `_file`) and are secrets.
    private(set) var literalSecretKeys: [String] = []
    /// Those of them that are plain strings (and so could come from `KEY_file` instead).
    private(set) var literalSecretStringKeys: [String] = []

    /// The environment values `${VAR}` put into the table being decoded.
    private(set) var substitutions: [String] = []

    static let fileSuffix = "_file"

    mutating func decode(
        _ table: TOMLTable, schema: ConfigSchema, path: String, location: SourceLocation,
        diagnostics: inout DiagnosticCollector
    ) -> ConfigSection {
        let errorsBefore = diagnostics.errors.count
        substitutions = []
        var section = ConfigSection(file: file, path: path, location: location, schema: schema)
        let names = schema.keys.map(\.name)
        for entry in table.entries {
            var keyName = entry.key
            var fromFile = false
            if schema.key(keyName) == nil, keyName.hasSuffix(Self.fileSuffix) {
                let base = String(keyName.dropLast(Self.fileSuffix.count))
                if let key = schema.key(base), [.string, .stringOrInteger, .stringOrStrings].contains(key.kind) {
                    keyName = base
                    fromFile = true
                    if table[base] != nil {
                        diagnostics.error(
                            "both \"\(base)\" and \"\(entry.key)\" are set; keep one", file: file,
                            at: entry.keyLocation)
                        continue
                    }
                }
            }
            guard let key = schema.key(keyName) else {
                var message = "unknown key \"\(entry.key)\" in \(tableName)"
                if let suggestion = KeySuggestion.nearest(to: entry.key, in: names + secretFileNames(schema)) {
                    message += "; did you mean \"\(suggestion)\"?"
                }
                diagnostics.error(message, file: file, at: entry.keyLocation)
                continue
            }
            section.locations[key.name] = entry.node.location
            if fromFile {
                guard case .string(let rawPath) = entry.node.value else {
                    diagnostics.error(
                        "\"\(entry.key)\" must be a string (a file path), not \(article(entry.node.value.typeName))",
                        file: file, at: entry.node.location)
                    continue
                }
                guard let path = expand(rawPath, key: entry.key, at: entry.node.location, diagnostics: &diagnostics)
                else { continue }
                guard
                    let secret = readSecretFile(
                        path, key: entry.key, at: entry.node.location, diagnostics: &diagnostics)
                else { continue }
                section.values[key.name] = .string(secret)
                section.secretKeys.insert(key.name)
                section.secretValues.append(secret)
                continue
            }
            if key.isSecret {
                section.secretKeys.insert(key.name)
                if holdsLiteralSecret(entry.node.value) {
                    literalSecretKeys.append(key.name)
                    if key.kind == .string || key.kind == .stringOrInteger { literalSecretStringKeys.append(key.name) }
                }
            }
            if let value = convert(entry.node, key: key, diagnostics: &diagnostics) {
                section.values[key.name] = value
                Self.collectSecrets(of: value, key: key, into: &section)
            }
        }
        section.secretValues += substitutions
        for key in schema.keys where section.values[key.name] == nil && section.locations[key.name] == nil {
            if key.isRequired {
                diagnostics.error("missing required key \"\(key.name)\" in \(tableName)", file: file, at: location)
            } else if let value = key.defaultValue {
                section.values[key.name] = value
            }
        }
        // Cross-key checks run even when a key was wrong, so one run shows every error of the
        // table; a check about a key that already has an error (its value is then absent) would
        // only repeat it in other words, and is left out.
        if let validate = schema.validate {
            let failed = Set(diagnostics.errors.dropFirst(errorsBefore).map(\.location)).subtracting([location])
            diagnostics.append(
                contentsOf: validate(section).filter { $0.severity != .error || !failed.contains($0.location) })
        }
        return section
    }

    /// Marks what `value` holds that must never be shown: every string of a secret key, the
    /// user info of any URL, program arguments.
    private static func collectSecrets(of value: ConfigValue, key: ConfigKey, into section: inout ConfigSection) {
        let strings: [String] =
            switch value {
            case .string(let text): [text]
            case .strings(let texts): texts
            case .stringTable(let pairs): pairs.map(\.value)
            case .integer, .boolean, .duration: []
            }
        if key.isSecret { section.secretValues += strings }
        for text in strings {
            if let url = URLParts(text), !url.userInfo.isEmpty { section.secretValues.append(url.userInfo) }
        }
        switch key.programArguments {
        case .none: break
        case .afterProgram: section.argumentValues += strings.dropFirst()
        case .all: section.argumentValues += strings
        }
    }

    private func secretFileNames(_ schema: ConfigSchema) -> [String] {
        schema.keys.filter { [.string, .stringOrInteger, .stringOrStrings].contains($0.kind) }.map {
            $0.name + Self.fileSuffix
        }
    }

    private func holdsLiteralSecret(_ value: TOMLValue) -> Bool {
        switch value {
        case .string(let text): !text.isEmpty && !EnvironmentExpansion.containsReference(text)
        case .array(let nodes): nodes.contains { holdsLiteralSecret($0.value) }
        case .table(let table): table.entries.contains { holdsLiteralSecret($0.node.value) }
        default: false
        }
    }

    private func article(_ typeName: String) -> String {
        ["a", "e", "i", "o", "u"].contains(typeName.prefix(1)) ? "an \(typeName)" : "a \(typeName)"
    }

    private func typeError(_ node: TOMLNode, key: ConfigKey, diagnostics: inout DiagnosticCollector) -> ConfigValue? {
        diagnostics.error(
            "\"\(key.name)\" must be \(key.kind.expectation), not \(article(node.value.typeName))", file: file,
            at: node.location)
        return nil
    }

    private mutating func expand(
        _ text: String, key: String, at location: SourceLocation, diagnostics: inout DiagnosticCollector
    ) -> String? {
        do {
            return try EnvironmentExpansion.expand(text, environment: environment, substituted: &substitutions)
        } catch {
            switch error {
            case .missingVariable(let name):
                diagnostics.error(
                    "environment variable \"\(name)\" is not set (used by \"\(key)\"; write ${\(name):-default} for a fallback)",
                    file: file, at: location)
            case .malformed(let reason):
                diagnostics.error("\(reason) (in \"\(key)\"; write $${ for a literal ${)", file: file, at: location)
            }
        }
        return nil
    }

    private mutating func convert(
        _ node: TOMLNode, key: ConfigKey, diagnostics: inout DiagnosticCollector
    ) -> ConfigValue? {
        switch key.kind {
        case .string:
            guard case .string(let raw) = node.value else {
                return typeError(node, key: key, diagnostics: &diagnostics)
            }
            return expand(raw, key: key.name, at: node.location, diagnostics: &diagnostics).map(ConfigValue.string)
        case .choice(let options):
            guard case .string(let raw) = node.value else {
                return typeError(node, key: key, diagnostics: &diagnostics)
            }
            guard let value = expand(raw, key: key.name, at: node.location, diagnostics: &diagnostics) else {
                return nil
            }
            guard options.contains(value) else {
                var message = "\"\(key.name)\" must be \(key.kind.expectation), not \"\(value)\""
                if let near = KeySuggestion.nearest(to: value, in: options) { message += "; did you mean \"\(near)\"?" }
                diagnostics.error(message, file: file, at: node.location)
                return nil
            }
            return .string(value)
        case .integer(let range):
            guard case .integer(let value) = node.value else {
                return typeError(node, key: key, diagnostics: &diagnostics)
            }
            guard range.contains(value) else {
                diagnostics.error(
                    "\"\(key.name)\" must be between \(range.lowerBound) and \(range.upperBound), not \(value)",
                    file: file, at: node.location)
                return nil
            }
            return .integer(value)
        case .boolean:
            guard case .boolean(let value) = node.value else {
                return typeError(node, key: key, diagnostics: &diagnostics)
            }
            return .boolean(value)
        case .duration, .positiveDuration:
            guard case .string(let raw) = node.value else {
                return typeError(node, key: key, diagnostics: &diagnostics)
            }
            guard let text = expand(raw, key: key.name, at: node.location, diagnostics: &diagnostics) else {
                return nil
            }
            guard let duration = ConfigDuration.parse(text) else {
                diagnostics.error(
                    "invalid duration \"\(text)\" for \"\(key.name)\": use digits and units w, d, h, m, s, ms, e.g. \"1h30m\"",
                    file: file, at: node.location)
                return nil
            }
            if key.kind == .positiveDuration, duration <= .zero {
                diagnostics.error(
                    "\"\(key.name)\" must be longer than 0, not \"\(text)\"", file: file, at: node.location)
                return nil
            }
            return .duration(duration)
        case .stringOrStrings:
            if case .string(let raw) = node.value {
                return expand(raw, key: key.name, at: node.location, diagnostics: &diagnostics).map { .strings([$0]) }
            }
            guard case .array = node.value else { return typeError(node, key: key, diagnostics: &diagnostics) }
            var asArray = key
            asArray.kind = .strings
            return convert(node, key: asArray, diagnostics: &diagnostics)
        case .strings:
            guard case .array(let nodes) = node.value else {
                return typeError(node, key: key, diagnostics: &diagnostics)
            }
            var strings: [String] = []
            var valid = true
            for element in nodes {
                guard case .string(let raw) = element.value else {
                    diagnostics.error(
                        "\"\(key.name)\" must be an array of strings; this element is \(article(element.value.typeName))",
                        file: file, at: element.location)
                    valid = false
                    continue
                }
                guard let text = expand(raw, key: key.name, at: element.location, diagnostics: &diagnostics) else {
                    valid = false
                    continue
                }
                strings.append(text)
            }
            return valid ? .strings(strings) : nil
        case .stringTable:
            guard case .table(let table) = node.value else {
                return typeError(node, key: key, diagnostics: &diagnostics)
            }
            var pairs: [ConfigValue.StringPair] = []
            var valid = true
            for entry in table.entries {
                guard case .string(let raw) = entry.node.value else {
                    diagnostics.error(
                        "\"\(key.name).\(entry.key)\" must be a string, not \(article(entry.node.value.typeName))",
                        file: file, at: entry.node.location)
                    valid = false
                    continue
                }
                guard
                    let text = expand(
                        raw, key: "\(key.name).\(entry.key)", at: entry.node.location, diagnostics: &diagnostics)
                else {
                    valid = false
                    continue
                }
                pairs.append(.init(key: entry.key, value: text))
            }
            return valid ? .stringTable(pairs) : nil
        case .stringOrInteger:
            switch node.value {
            case .integer(let value): return .string(String(value))
            case .string(let raw):
                return expand(raw, key: key.name, at: node.location, diagnostics: &diagnostics).map(ConfigValue.string)
            default: return typeError(node, key: key, diagnostics: &diagnostics)
            }
        }
    }

    private func readSecretFile(
        _ path: String, key: String, at location: SourceLocation, diagnostics: inout DiagnosticCollector
    ) -> String? {
        let resolved = path.hasPrefix("/") ? path : PathString.join(baseDirectory, path)
        guard let data = FileManager.default.contents(atPath: resolved) else {
            diagnostics.error("cannot read \"\(key)\" file \"\(resolved)\"", file: file, at: location)
            return nil
        }
        guard let text = String(data: data, encoding: .utf8) else {
            diagnostics.error("\"\(key)\" file \"\(resolved)\" is not UTF-8 text", file: file, at: location)
            return nil
        }
        let firstLine = text.split(separator: "\n", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
        let value = firstLine.hasSuffix("\r") ? String(firstLine.dropLast()) : String(firstLine)
        guard !value.isEmpty else {
            diagnostics.error("\"\(key)\" file \"\(resolved)\" is empty", file: file, at: location)
            return nil
        }
        if let mode = FilePermissions.mode(of: resolved), mode & 0o077 != 0 {
            diagnostics.warning(
                "secret file \"\(resolved)\" is readable by group or others (mode \(String(mode & 0o777, radix: 8))); chmod 600 it",
                file: file, at: location)
        }
        return value
    }
}
