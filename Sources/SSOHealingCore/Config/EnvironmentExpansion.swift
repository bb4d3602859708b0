/// `${VAR}` and `${VAR:-default}` expansion in configuration strings; `$${` writes a literal `${`.
public enum EnvironmentExpansion {
    /// Why a string could not be expanded.
    public enum Failure: Error, Sendable, Equatable {
        /// `${NAME}` names a variable that is not set.
        case missingVariable(String)
        /// `${` without its closing brace, or an empty or malformed name.
        case malformed(String)
    }

    /// Whether `text` has anything to expand.
    public static func containsReference(_ text: String) -> Bool {
        text.contains("${")
    }

    /// Expands every reference in `text` from `environment`.
    public static func expand(_ text: String, environment: [String: String]) throws(Failure) -> String {
        var substituted: [String] = []
        return try expand(text, environment: environment, substituted: &substituted)
    }

    /// Expands every reference in `text` from `environment`, appending each variable's value
    /// that went in to `substituted` (a value from the environment is a secret wherever it lands;
    /// a `:-default` written in the file is not).
    public static func expand(
        _ text: String, environment: [String: String], substituted: inout [String]
    ) throws(Failure) -> String {
        guard text.contains("$") else { return text }
        var output = ""
        var index = text.startIndex
        while index < text.endIndex {
            let character = text[index]
            guard character == "$" else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let rest = text[index...]
            if rest.hasPrefix("$${") {
                output += "${"
                index = text.index(index, offsetBy: 3)
                continue
            }
            guard rest.hasPrefix("${") else {
                output.append(character)
                index = text.index(after: index)
                continue
            }
            let bodyStart = text.index(index, offsetBy: 2)
            guard let close = text[bodyStart...].firstIndex(of: "}") else {
                throw .malformed("unterminated \"${\" in string")
            }
            let body = text[bodyStart..<close]
            let name: Substring
            let fallback: Substring?
            if let separator = body.firstRange(of: ":-") {
                name = body[..<separator.lowerBound]
                fallback = body[separator.upperBound...]
            } else {
                name = body
                fallback = nil
            }
            guard isValidName(name) else {
                throw .malformed("invalid variable name \"\(name)\" in \"${...}\"")
            }
            if let value = environment[String(name)], !(fallback != nil && value.isEmpty) {
                output += value
                substituted.append(value)
            } else if let fallback {
                output += fallback
            } else {
                throw .missingVariable(String(name))
            }
            index = text.index(after: close)
        }
        return output
    }

    private static func isValidName(_ name: Substring) -> Bool {
        guard let first = name.first, first == "_" || (first.isASCII && first.isLetter) else { return false }
        return name.allSatisfy { $0 == "_" || ($0.isASCII && ($0.isLetter || $0.isNumber)) }
    }

    /// The variable names `text` refers to (for documentation such as service units).
    public static func referencedVariables(in text: String) -> [String] {
        var names: [String] = []
        var rest = Substring(text)
        while let start = rest.firstRange(of: "${") {
            if start.lowerBound > rest.startIndex, rest[rest.index(before: start.lowerBound)] == "$" {
                rest = rest[start.upperBound...]
                continue
            }
            guard let close = rest[start.upperBound...].firstIndex(of: "}") else { break }
            let body = rest[start.upperBound..<close]
            let name = body.firstRange(of: ":-").map { body[..<$0.lowerBound] } ?? body
            if isValidName(name) { names.append(String(name)) }
            rest = rest[rest.index(after: close)...]
        }
        return names
    }
}
