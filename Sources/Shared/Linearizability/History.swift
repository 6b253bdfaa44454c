/// What the client learned about one operation.
public enum Outcome<Output: Hashable & Sendable>: Hashable, Sendable {
    /// Completed with `output`; `returned` is when the client got the answer, on the clock of the call.
    case ok(Output, returned: UInt64)
    /// Certainly did not take effect (for example refused before it was sent): the checker drops it.
    case failed
    /// May have taken effect at any time after its call, or never (a timeout, a lost connection).
    case unknown
}

/// One client operation as the harness recorded it. Times are on one monotonic clock (for
/// example nanoseconds); only their order matters.
public struct RecordedOperation<Input: Hashable & Sendable, Output: Hashable & Sendable>: Hashable, Sendable {
    public let clientID: Int
    public let input: Input
    public let call: UInt64
    public let outcome: Outcome<Output>

    public init(clientID: Int, input: Input, call: UInt64, outcome: Outcome<Output>) {
        if case let .ok(_, returned) = outcome {
            precondition(call <= returned, "an operation returned (\(returned)) before it was called (\(call))")
        }
        self.clientID = clientID
        self.input = input
        self.call = call
        self.outcome = outcome
    }

    /// The return time, or nil when the outcome is not `ok`: an unknown operation never returns.
    public var returned: UInt64? {
        if case let .ok(_, returned) = outcome { return returned }
        return nil
    }
}

/// An operation together with its position in the checked history, which is how reports name it.
public struct IndexedOperation<Input: Hashable & Sendable, Output: Hashable & Sendable>: Hashable, Sendable {
    public let index: Int
    public let operation: RecordedOperation<Input, Output>
}
