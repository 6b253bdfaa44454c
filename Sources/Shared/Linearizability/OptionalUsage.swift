/// How many optional operations (unknown, without a deadline) of each class a configuration has
/// linearized, where a class holds operations with identical inputs.
///
/// Two identical optional operations that were both called are interchangeable: neither ever has to
/// take effect, and either can take effect whenever the other could. So a configuration is at least
/// as capable as another when it used no class more often, whichever members each one used.
struct OptionalUsage: Hashable {
    private var counts: [Int]

    init(classes: Int) {
        counts = [Int](repeating: 0, count: classes)
    }

    mutating func use(_ kind: Int) {
        counts[kind] += 1
    }

    mutating func release(_ kind: Int) {
        precondition(counts[kind] > 0, "an optional operation released but never used")
        counts[kind] -= 1
    }

    /// Whether this usage can do all `other` can: it used every class at most as often.
    func dominates(_ other: OptionalUsage) -> Bool {
        precondition(counts.count == other.counts.count, "usages of different partitions")
        return zip(counts, other.counts).allSatisfy { $0 <= $1 }
    }
}
