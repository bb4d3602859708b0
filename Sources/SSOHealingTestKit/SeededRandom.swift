import Synchronization

/// A small, fast, seeded random number generator (SplitMix64): the same seed gives the same
/// sequence on every run and platform, so a random test can print its seed and be replayed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// A generator starting from `seed`.
    public init(seed: UInt64) { state = seed }

    /// The next 64 random bits.
    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A random integer in `0..<bound`.
    public mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }

    /// True with probability `percent`/100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    /// A random element.
    public mutating func pick<T>(_ choices: [T]) -> T { choices[below(choices.count)] }
}

extension SeededRandom {
    /// The test kit's own generator, for the fakes' tokens and paths: seeded (`TEST_KIT_SEED`
    /// replaces the seed), so that a run without parallel tests draws the same values every time.
    private static let kit = Mutex(SeededRandom(seed: TestSeed.value("TEST_KIT_SEED", default: 0x5EED_7E57)))

    /// Runs `body` with the test kit's generator.
    static func withKit<T>(_ body: (inout SeededRandom) -> T) -> T {
        kit.withLock { body(&$0) }
    }
}
