/// Text in Prometheus's exposition format (version 0.0.4), as node_exporter's textfile collector
/// reads it: each metric family's `# HELP` and `# TYPE` lines, then its samples.
///
/// ```swift
/// var metrics = MetricsExposition()
/// metrics.family("sso_self_healing_up", type: .gauge, help: "Always 1.")
/// metrics.sample("sso_self_healing_up", labels: [("host", "a")], value: 1)
/// metrics.text   // "# HELP sso_self_healing_up Always 1.\n# TYPE …"
/// ```
public struct MetricsExposition: Sendable {
    /// A metric family's type.
    public enum FamilyType: String, Sendable {
        /// A value that goes up and down.
        case gauge
        /// A count that only goes up (and back to zero when its process restarts).
        case counter
    }

    /// The text so far.
    public private(set) var text = ""

    /// Creates an empty exposition.
    public init() {}

    /// Starts the family `name`: its `# HELP` and `# TYPE` lines.
    public mutating func family(_ name: String, type: FamilyType, help: String) {
        text += "# HELP \(name) \(Self.escapeHelp(help))\n# TYPE \(name) \(type.rawValue)\n"
    }

    /// One sample of the family begun last.
    public mutating func sample(_ name: String, labels: [(String, String)] = [], value: Double) {
        text += name
        if !labels.isEmpty {
            text += "{" + labels.map { "\($0.0)=\"\(Self.escapeLabel($0.1))\"" }.joined(separator: ",") + "}"
        }
        text += " " + Self.format(value) + "\n"
    }

    /// `value` as the format writes it: whole numbers without a fraction.
    public static func format(_ value: Double) -> String {
        if value.isNaN { return "NaN" }
        if value.isInfinite { return value > 0 ? "+Inf" : "-Inf" }
        if value == value.rounded(), abs(value) < 1e15 { return String(Int64(value)) }
        return "\(value)"
    }

    /// A label value with `\`, `"` and line feeds escaped.
    public static func escapeLabel(_ value: String) -> String {
        var escaped = ""
        for character in value {
            switch character {
            case "\\": escaped += "\\\\"
            case "\"": escaped += "\\\""
            case "\n": escaped += "\\n"
            default: escaped.append(character)
            }
        }
        return escaped
    }

    /// A help text with `\` and line feeds escaped.
    static func escapeHelp(_ value: String) -> String {
        value.replacing("\\", with: "\\\\").replacing("\n", with: "\\n")
    }

    /// Whether `name` is a valid metric name (`[a-zA-Z_:][a-zA-Z0-9_:]*`).
    public static func isValidName(_ name: String) -> Bool {
        guard let first = name.unicodeScalars.first, first == "_" || first == ":" || first.isASCIILetter else {
            return false
        }
        return name.unicodeScalars.allSatisfy { $0 == "_" || $0 == ":" || $0.isASCIILetter || ("0"..."9").contains($0) }
    }
}

extension Unicode.Scalar {
    fileprivate var isASCIILetter: Bool { ("a"..."z").contains(self) || ("A"..."Z").contains(self) }
}
