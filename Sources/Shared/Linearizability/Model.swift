/// A sequential specification that histories are checked against.
///
/// The search is written once against this protocol; `KVModel` is the conformance the kvd
/// fault-injection harness uses.
public protocol Model: Sendable {
    associatedtype State: Hashable & Sendable
    associatedtype Input: Hashable & Sendable
    associatedtype Output: Hashable & Sendable
    associatedtype PartitionKey: Hashable & Sendable

    /// The state before any operation.
    var initialState: State { get }

    /// The state after `input` answered `output` in `state`, or nil when that answer is impossible there.
    func step(_ state: State, _ input: Input, _ output: Output) -> State?

    /// Every state `input` may leave behind when nobody saw its output (a timeout, a lost connection).
    func successors(_ state: State, _ input: Input) -> [State]

    /// Operations in different partitions never constrain each other, so each partition is checked
    /// alone: the search is exponential in the size of what it checks at once.
    func partition(_ input: Input) -> PartitionKey

    /// Simplifies one partition (failed operations removed) before the search, one plan per
    /// operation in order; the default keeps everything as it is. A plan must keep the verdict. It
    /// may drop an unknown-outcome operation or give it a deadline, and may replace an input by one
    /// no operation of the partition can tell apart from it. An unknown operation kept without a
    /// deadline stays pending to the end of the history, and each such one can double the search.
    func plan(_ operations: [RecordedOperation<Input, Output>]) -> [PlannedOperation<Input>]

    /// How reports show a state.
    static func describe(_ state: State) -> String
}

extension Model {
    /// Without knowledge of the model, every unknown operation may matter at any time.
    public func plan(_ operations: [RecordedOperation<Input, Output>]) -> [PlannedOperation<Input>] {
        operations.map { .search($0.input, requiredBy: nil) }
    }

    public static func describe(_ state: State) -> String { String(describing: state) }
}

/// How the search is to see one operation of a partition.
public enum PlannedOperation<Input: Hashable & Sendable>: Hashable, Sendable {
    /// An unknown-outcome operation no linearization needs (nothing can observe it).
    case drop
    /// Searched with this input. An unknown-outcome operation with `requiredBy` took effect by then
    /// in every linearization (a completed operation depends on it), so the search treats it as an
    /// operation that returned then, with an unseen output.
    case search(Input, requiredBy: UInt64?)
}
