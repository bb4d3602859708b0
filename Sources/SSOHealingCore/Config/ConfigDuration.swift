/// Durations as the configuration writes them: `"90s"`, `"10m"`, `"1h30m"`, `"7d"`, `"250ms"`, `"0"`.
public enum ConfigDuration {
    private static let units: [(suffix: String, seconds: Int64, attoseconds: Int64)] = [
        ("ms", 0, 1_000_000_000_000_000),
        ("w", 604_800, 0),
        ("d", 86_400, 0),
        ("h", 3_600, 0),
        ("m", 60, 0),
        ("s", 1, 0),
    ]

    /// Parses a duration; `nil` when the text is not one.
    ///
    /// A duration is one or more `<digits><unit>` groups with units `w`, `d`, `h`, `m`, `s`, `ms`,
    /// each unit at most once and from largest to smallest, or the bare `"0"`.
    public static func parse(_ text: String) -> Duration? {
        if text == "0" { return .zero }
        var rest = Substring(text)
        guard !rest.isEmpty else { return nil }
        var total = Duration.zero
        var lastUnitIndex = -1
        while !rest.isEmpty {
            let digits = rest.prefix(while: { $0.isASCII && $0.isNumber })
            guard !digits.isEmpty, digits.count <= 9, let amount = Int64(digits) else { return nil }
            rest = rest.dropFirst(digits.count)
            guard let unitIndex = units.indices.first(where: { rest.hasPrefix(units[$0].suffix) }) else {
                return nil
            }
            // "10m" must not read as "10" + "ms" leftovers: the longest suffix is tried first.
            guard unitIndex > lastUnitIndex else { return nil }
            lastUnitIndex = unitIndex
            let unit = units[unitIndex]
            rest = rest.dropFirst(unit.suffix.count)
            if unit.seconds > 0 {
                total += .seconds(amount * unit.seconds)
            } else {
                total += .milliseconds(amount)
            }
        }
        return total
    }

    /// Formats a duration the way the configuration writes it, e.g. `"1h30m"`, `"0"`.
    public static func format(_ duration: Duration) -> String {
        let (seconds, attoseconds) = duration.components
        if seconds == 0 && attoseconds == 0 { return "0" }
        var remaining = seconds
        var text = ""
        for unit in units where unit.seconds > 0 {
            let count = remaining / unit.seconds
            if count > 0 {
                text += "\(count)\(unit.suffix)"
                remaining -= count * unit.seconds
            }
        }
        let milliseconds = attoseconds / 1_000_000_000_000_000
        if milliseconds > 0 { text += "\(milliseconds)ms" }
        return text.isEmpty ? "0" : text
    }
}

/// Durations as the engine does arithmetic with dates.
extension Duration {
    /// The duration in seconds, as a floating-point number.
    public var secondsValue: Double {
        let (seconds, attoseconds) = components
        return Double(seconds) + Double(attoseconds) / 1e18
    }
}
