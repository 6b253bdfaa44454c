/// The mandatory operations a configuration has linearized: half of the memo key, so it hashes by value.
struct Bitset: Hashable {
    private var words: [UInt64]

    init(count: Int) {
        precondition(count >= 0, "a negative bitset size")
        words = [UInt64](repeating: 0, count: (count + 63) / 64)
    }

    func contains(_ member: Int) -> Bool {
        words[member >> 6] & (1 << UInt64(member & 63)) != 0
    }

    mutating func insert(_ member: Int) {
        precondition(!contains(member), "operation \(member) linearized twice")
        words[member >> 6] |= 1 << UInt64(member & 63)
    }

    mutating func remove(_ member: Int) {
        precondition(contains(member), "operation \(member) taken back but never linearized")
        words[member >> 6] &= ~(1 << UInt64(member & 63))
    }
}
