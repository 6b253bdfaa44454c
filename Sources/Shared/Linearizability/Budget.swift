/// How much work the checker may spend on one partition before it gives up and reports it
/// undecided. Deciding linearizability is NP-complete; a bounded answer beats a hung harness.
public struct SearchBudget: Hashable, Sendable {
    /// Search steps (each places, skips or takes back one event) per partition.
    public var maxStepsPerPartition: Int
    /// Unknown-outcome operations a partition may keep after the model dropped the harmless ones.
    /// Each stays pending to the end of the history, so each can double the search.
    public var maxUnknownPerPartition: Int

    public init(maxStepsPerPartition: Int, maxUnknownPerPartition: Int) {
        precondition(maxStepsPerPartition > 0, "a search needs at least one step")
        precondition(maxUnknownPerPartition >= 0, "a negative limit on unknown operations")
        self.maxStepsPerPartition = maxStepsPerPartition
        self.maxUnknownPerPartition = maxUnknownPerPartition
    }

    /// Enough for the histories of a fault-injection run (thousands of operations over tens of keys).
    public static let `default` = SearchBudget(maxStepsPerPartition: 1_000_000, maxUnknownPerPartition: 64)
}
