/// Prints the effective configuration, every secret as `<redacted>`: the values of secret keys
/// whole, and in every other string each credential the configuration holds (a `${VAR}` value,
/// a URL's user info, a program argument that looks like a password; see ``Redactor``).
public enum ConfigurationRenderer {
    /// What secrets are printed as.
    public static let redacted = Redactor.placeholder

    /// The configuration as TOML, drop-ins as `[notifier.NAME]` tables with their file in a comment.
    public static func toml(_ configuration: Configuration) -> String {
        var lines: [String] = []
        lines.append(
            "# effective configuration; files read: \(configuration.files.isEmpty ? "none (defaults)" : configuration.files.joined(separator: ", "))"
        )
        lines.append("")
        lines.append("[daemon]")
        let redactor = configuration.redactor
        lines += tomlLines(configuration.daemonSection, redactor: redactor)
        for probe in configuration.probes {
            lines.append("")
            if let source = probe.discoveredFrom {
                lines.append("# discovered in \(source) ([daemon] discover = false: off)")
            }
            lines.append("[probe.\(tomlKey(probe.name))]")
            lines += tomlLines(probe.section, redactor: redactor)
        }
        for notifier in configuration.notifiers {
            lines.append("")
            lines.append("# \(notifier.file)")
            lines.append("[notifier.\(tomlKey(notifier.name))]")
            lines += tomlLines(notifier.section, skipping: ["name"], redactor: redactor)
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// The configuration as one JSON object.
    public static func json(_ configuration: Configuration) -> JSONValue {
        let redactor = configuration.redactor
        return .object([
            ("files", .array(configuration.files.map(JSONValue.string))),
            ("disabled_files", .array(configuration.disabledFiles.map(JSONValue.string))),
            ("daemon", jsonObject(configuration.daemonSection, redactor: redactor)),
            (
                "probes",
                .object(
                    configuration.probes.map {
                        (
                            $0.name,
                            jsonObject(
                                $0.section, extra: $0.discoveredFrom.map { [("discovered_from", .string($0))] } ?? [],
                                redactor: redactor)
                        )
                    })
            ),
            (
                "notifiers",
                .object(
                    configuration.notifiers.map {
                        (
                            $0.name,
                            jsonObject(
                                $0.section, skipping: ["name"], extra: [("file", .string($0.file))], redactor: redactor)
                        )
                    })
            ),
        ])
    }

    private static func orderedKeys(_ section: ConfigSection) -> [String] {
        section.schema.keys.map(\.name).filter { section.values[$0] != nil }
    }

    private static func tomlLines(
        _ section: ConfigSection, skipping: Set<String> = [], redactor: Redactor
    ) -> [String] {
        orderedKeys(section).filter { !skipping.contains($0) }.map { key in
            let shown = shown(secret: section.secretKeys.contains(key), redactor: redactor)
            return "\(tomlKey(key)) = \(tomlValue(section.values[key]!, shown: shown))"
        }
    }

    /// How one string of a key's value is printed.
    private static func shown(secret: Bool, redactor: Redactor) -> (String) -> String {
        if secret { return { _ in redacted } }
        return { redactor.redact($0) }
    }

    private static func tomlValue(_ value: ConfigValue, shown: (String) -> String) -> String {
        switch value {
        case .string(let text): tomlString(shown(text))
        case .integer(let number): String(number)
        case .boolean(let flag): flag ? "true" : "false"
        case .duration(let duration): tomlString(ConfigDuration.format(duration))
        case .strings(let strings):
            "[" + strings.map { tomlString(shown($0)) }.joined(separator: ", ") + "]"
        case .stringTable(let pairs):
            pairs.isEmpty
                ? "{}"
                : "{ "
                    + pairs.map { "\(tomlKey($0.key)) = \(tomlString(shown($0.value)))" }.joined(
                        separator: ", ")
                    + " }"
        }
    }

    private static func jsonObject(
        _ section: ConfigSection, skipping: Set<String> = [], extra: [(String, JSONValue)] = [], redactor: Redactor
    ) -> JSONValue {
        .object(
            extra
                + orderedKeys(section).filter { !skipping.contains($0) }.map { key in
                    let shown = shown(secret: section.secretKeys.contains(key), redactor: redactor)
                    return (key, jsonValue(section.values[key]!, shown: shown))
                })
    }

    private static func jsonValue(_ value: ConfigValue, shown: (String) -> String) -> JSONValue {
        switch value {
        case .string(let text): .string(shown(text))
        case .integer(let number): .int(number)
        case .boolean(let flag): .bool(flag)
        case .duration(let duration): .string(ConfigDuration.format(duration))
        case .strings(let strings): .array(strings.map { .string(shown($0)) })
        case .stringTable(let pairs): .object(pairs.map { ($0.key, .string(shown($0.value))) })
        }
    }

    static func tomlKey(_ key: String) -> String {
        let bare =
            !key.isEmpty
            && key.unicodeScalars.allSatisfy {
                ("a"..."z").contains($0) || ("A"..."Z").contains($0) || ("0"..."9").contains($0) || $0 == "_"
                    || $0 == "-"
            }
        return bare ? key : tomlString(key)
    }

    /// `text` as a TOML basic string: quoted, with escapes for quotes, backslashes and control
    /// characters.
    public static func tomlString(_ text: String) -> String {
        var output = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": output += "\\\""
            case "\\": output += "\\\\"
            case "\n": output += "\\n"
            case "\t": output += "\\t"
            case "\r": output += "\\r"
            case _ where scalar.value < 0x20 || scalar.value == 0x7F:
                output +=
                    "\\u" + String(repeating: "0", count: 4 - String(scalar.value, radix: 16).count)
                    + String(scalar.value, radix: 16).uppercased()
            default: output.unicodeScalars.append(scalar)
            }
        }
        return output + "\""
    }
}
