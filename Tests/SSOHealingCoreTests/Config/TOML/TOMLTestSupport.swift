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

/// A small, fast, seeded random number generator (SplitMix64), so generated corpora and fuzz
/// inputs are the same on every run and platform.
struct SeededRandom: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A random integer in `0..<bound`.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `percent`/100.
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// A random element.
    mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}
