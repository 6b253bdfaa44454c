/// The overall answer, from the most to the least definite: one violation on any partition makes a
/// history not linearizable even if other partitions stay undecided.
public enum Verdict: Hashable, Sendable {
    case linearizable
    case notLinearizable
    case undecided
}

/// A partition with no linearization, and the evidence: where the search got furthest.
public struct Violation<M: Model>: Sendable {
    public let key: M.PartitionKey
    /// Operations in the partition the search had to consider.
    public let operationCount: Int
    /// The longest linearization the search found, in its order.
    public let longestPrefix: [IndexedOperation<M.Input, M.Output>]
    /// The state after `longestPrefix`. A model's plan may have replaced values that nothing
    /// observed by a placeholder (`KVModel` does, for unknown operations).
    public let state: M.State
    /// An operation that had to take effect next, by `deadline`, but could not: after
    /// `longestPrefix`, no order of the operations pending then leads anywhere.
    public let blocked: IndexedOperation<M.Input, M.Output>
    /// When `blocked` returned; for an unknown operation, when the first operation that depends on
    /// its effect returned.
    public let deadline: UInt64
    /// The other operations called by `deadline` and not in `longestPrefix`.
    public let pending: [IndexedOperation<M.Input, M.Output>]
}

/// A partition the budget did not suffice for. It may or may not be linearizable.
public struct Undecided<Key: Hashable & Sendable>: Hashable, Sendable {
    public enum Reason: Hashable, Sendable {
        /// The search ran out of steps.
        case stepBudget(steps: Int)
        /// Too many unknown-outcome operations to start the search at all.
        case tooManyUnknown(count: Int, limit: Int)
    }

    public let key: Key
    public let operationCount: Int
    public let reason: Reason
}

/// How much the checker saw and did, for the summary line.
public struct CheckStatistics: Hashable, Sendable {
    public var partitions = 0
    /// Operations the search had to place (or, if unknown and unbounded, could place).
    public var operations = 0
    /// Failed operations, removed because they did not happen.
    public var failed = 0
    /// Unknown-outcome operations the model's plan showed no linearization needs.
    public var droppedUnknown = 0
    /// Unknown-outcome operations the model's plan showed must have taken effect by some time.
    public var boundedUnknown = 0
    /// Search steps over all partitions.
    public var steps = 0
}

/// What checking a history found, per partition where it is not simply linearizable.
public struct CheckResult<M: Model>: Sendable {
    public let violations: [Violation<M>]
    public let undecided: [Undecided<M.PartitionKey>]
    public let statistics: CheckStatistics

    public var verdict: Verdict {
        if !violations.isEmpty { return .notLinearizable }
        if !undecided.isEmpty { return .undecided }
        return .linearizable
    }
}
