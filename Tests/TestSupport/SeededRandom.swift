/// SplitMix64: small, seedable and the same on every platform, so that every randomized test
/// and every fault campaign replays from its seed.
public struct SeededRandom: RandomNumberGenerator, Sendable {
    private var state: UInt64

    public init(seed: UInt64) { state = seed }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// An independent stream, for one actor of a campaign (a client, the nemesis).
    public mutating func split() -> SeededRandom { SeededRandom(seed: next()) }

    /// A number in `0..<bound`; the slight modulo bias does not matter to tests.
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0, "an empty range")
        return Int(next() % UInt64(bound))
    }

    /// True with probability `percent` / 100.
    public mutating func chance(_ percent: Int) -> Bool { below(100) < percent }

    public mutating func pick<T>(_ choices: [T]) -> T {
        precondition(!choices.isEmpty, "nothing to pick from")
        return choices[below(choices.count)]
    }
}
