#if canImport(Darwin)
    import Darwin
#elseif canImport(Glibc)
    import Glibc
#endif

/// The seed of a random test: a fixed default, or the one an environment variable names, so that
/// a failure (whose message carries ``replay(_:)``) replays exactly.
///
/// ```swift
/// let seed = TestSeed.value("TIMER_QUEUE_SEED", default: 0x7153_0005)
/// var random = SeededRandom(seed: seed)
/// #expect(sorted, "\(TestSeed.replay("TIMER_QUEUE_SEED", seed))")
/// ```
public enum TestSeed {
    /// The seed in the environment variable `name` (decimal, or hexadecimal after `0x`), or `fallback`.
    public static func value(_ name: String, default fallback: UInt64) -> UInt64 {
        guard let raw = getenv(name) else { return fallback }
        let text = String(cString: raw)
        if text.hasPrefix("0x") { return UInt64(text.dropFirst(2), radix: 16) ?? fallback }
        return UInt64(text) ?? fallback
    }

    /// "seed N (replay with NAME=N)", for a failure message.
    public static func replay(_ name: String, _ seed: UInt64) -> String {
        "seed \(seed) (replay with \(name)=\(seed))"
    }
}
