/// The operations of one partition that may have taken effect, in history order.
struct Partition<M: Model> {
    let key: M.PartitionKey
    var operations: [IndexedOperation<M.Input, M.Output>]
}

extension Model {
    /// Splits `history` by partition and drops failed operations, which did not happen.
    /// Partitions come in the order of their first operation so that reports are deterministic.
    func partitions(of history: [RecordedOperation<Input, Output>]) -> (partitions: [Partition<Self>], failed: Int) {
        var partitions: [Partition<Self>] = []
        var positionOf: [PartitionKey: Int] = [:]
        var failed = 0
        for (index, operation) in history.enumerated() {
            if case .failed = operation.outcome {
                failed += 1
                continue
            }
            let key = partition(operation.input)
            let position = positionOf[key] ?? partitions.count
            if position == partitions.count {
                positionOf[key] = position
                partitions.append(Partition(key: key, operations: []))
            }
            partitions[position].operations.append(IndexedOperation(index: index, operation: operation))
        }
        precondition(
            partitions.reduce(failed) { $0 + $1.operations.count } == history.count,
            "an operation is missing from the partitions or in two of them"
        )
        return (partitions, failed)
    }
}
