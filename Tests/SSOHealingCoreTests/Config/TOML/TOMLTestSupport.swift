import SSOHealingCore
import Testing

/// The result of parsing `text`, as the error tests compare it: `"line:column: message"`, or
/// `"no error"` when the document is accepted.
func parseOutcome(_ text: String, limits: TOMLParser.Limits = .default) -> String {
    do {
        _ = try TOMLParser.parse(text, limits: limits)
        return "no error"
    } catch {
        return error.description
    }
}

/// Parses `text` and returns the value at `path` (table keys, one per segment).
func value(in text: String, _ path: String...) throws -> TOMLValue? {
    var table = try TOMLParser.parse(text)
    for (index, key) in path.enumerated() {
        guard let node = table[key] else { return nil }
        if index == path.count - 1 { return node.value }
        guard case .table(let inner) = node.value else { return nil }
        table = inner
    }
    return .table(table)
}
