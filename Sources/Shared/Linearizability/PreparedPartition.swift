/// A partition as the search takes it: the operations the model's plan kept, each with its
/// deadline, next to the recorded operations the report names.
struct PreparedPartition<M: Model> {
    let key: M.PartitionKey
    let recorded: [IndexedOperation<M.Input, M.Output>]
    let operations: [SearchOperation<M.Input, M.Output>]
    /// Unknown operations the plan dropped.
    let dropped: Int
    /// Unknown operations the plan gave a deadline.
    let bounded: Int
    /// Unknown operations pending to the end of the history.
    var optional: Int { operations.count { $0.deadline == nil } }

    init(_ partition: Partition<M>, model: M) {
        let plans = model.plan(partition.operations.map(\.operation))
        precondition(plans.count == partition.operations.count, "a plan per operation")
        var recorded: [IndexedOperation<M.Input, M.Output>] = []
        var operations: [SearchOperation<M.Input, M.Output>] = []
        var bounded = 0
        for (indexed, plan) in zip(partition.operations, plans) {
            let operation = indexed.operation
            guard case let .search(input, requiredBy) = plan else {
                precondition(operation.outcome == .unknown, "a plan may only drop unknown operations")
                continue
            }
            precondition(model.partition(input) == partition.key, "a plan moved an operation to another partition")
            switch operation.outcome {
            case let .ok(output, returned):
                precondition(requiredBy == nil, "a plan may only bound unknown operations")
                operations.append(SearchOperation(input: input, output: output, call: operation.call, deadline: returned))
            case .unknown:
                bounded += requiredBy == nil ? 0 : 1
                operations.append(SearchOperation(input: input, output: nil, call: operation.call, deadline: requiredBy))
            case .failed:
                preconditionFailure("failed operations never reach a plan")
            }
            recorded.append(indexed)
        }
        key = partition.key
        self.recorded = recorded
        self.operations = operations
        dropped = partition.operations.count - recorded.count
        self.bounded = bounded
    }
}
