import SSOHealingCore

/// JSON text exactly as Python's `json.dumps` writes it with its defaults (`", "` and `": "`
/// separators, ASCII only, `\uXXXX` in lower-case hex), which is how the AWS CLI v2 writes its
/// SSO cache files and the text whose SHA-1 names a client registration's cache file.
enum PythonJSON {
    /// `value` as `json.dumps(value)` writes it; `sortKeys` sorts object keys as `sort_keys=True` does.
    static func dumps(_ value: JSONValue, sortKeys: Bool = false) -> String {
        var output = ""
        write(value, to: &output, sortKeys: sortKeys)
        return output
    }

    private static func write(_ value: JSONValue, to output: inout String, sortKeys: Bool) {
        switch value {
        case .null: output += "null"
        case .bool(let flag): output += flag ? "true" : "false"
        case .int(let number): output += String(number)
        case .double(let number): output += number.isFinite ? "\(number)" : "NaN"
        case .string(let text): writeString(text, to: &output)
        case .array(let values):
            output += "["
            for (offset, element) in values.enumerated() {
                if offset > 0 { output += ", " }
                write(element, to: &output, sortKeys: sortKeys)
            }
            output += "]"
        case .object(let pairs):
            // Python compares keys by code point.
            let ordered =
                sortKeys ? pairs.sorted { $0.0.unicodeScalars.lexicographicallyPrecedes($1.0.unicodeScalars) } : pairs
            output += "{"
            for (offset, (key, element)) in ordered.enumerated() {
                if offset > 0 { output += ", " }
                writeString(key, to: &output)
                output += ": "
                write(element, to: &output, sortKeys: sortKeys)
            }
            output += "}"
        }
    }

    private static func writeString(_ text: String, to output: inout String) {
        output += "\""
        for unit in text.utf16 {
            switch unit {
            case 0x22: output += "\\\""
            case 0x5C: output += "\\\\"
            case 0x0A: output += "\\n"
            case 0x0D: output += "\\r"
            case 0x09: output += "\\t"
            case 0x08: output += "\\b"
            case 0x0C: output += "\\f"
            case 0x20...0x7E: output.unicodeScalars.append(Unicode.Scalar(UInt8(unit)))
            default:
                let hex = String(unit, radix: 16)
                output += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
            }
        }
        output += "\""
    }
}
