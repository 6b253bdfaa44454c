/// Checks recorded histories for linearizability against a model, one partition at a time.
public struct LinearizabilityChecker<M: Model>: Sendable {
    public let model: M
    public let budget: SearchBudget

    public init(model: M, budget: SearchBudget = .default) {
        self.model = model
        self.budget = budget
    }

    public func check(_ history: [RecordedOperation<M.Input, M.Output>]) -> CheckResult<M> {
        let (partitions, failed) = model.partitions(of: history)
        var violations: [Violation<M>] = []
        var undecided: [Undecided<M.PartitionKey>] = []
        var statistics = CheckStatistics(partitions: partitions.count, failed: failed)
        for partition in partitions {
            let prepared = PreparedPartition(partition, model: model)
            statistics.operations += prepared.operations.count
            statistics.droppedUnknown += prepared.dropped
            statistics.boundedUnknown += prepared.bounded
            let optional = prepared.optional
            if optional > budget.maxUnknownPerPartition {
                undecided.append(Undecided(
                    key: prepared.key, operationCount: prepared.operations.count,
                    reason: .tooManyUnknown(count: optional, limit: budget.maxUnknownPerPartition)
                ))
                continue
            }
            var search = PartitionSearch(model: model, operations: prepared.operations)
            switch search.run(maxSteps: budget.maxStepsPerPartition) {
            case let .linearizable(steps):
                statistics.steps += steps
            case let .violation(deadEnd, steps):
                statistics.steps += steps
                violations.append(violation(in: prepared, at: deadEnd))
            case let .undecided(steps):
                statistics.steps += steps
                undecided.append(Undecided(key: prepared.key, operationCount: prepared.operations.count, reason: .stepBudget(steps: steps)))
            }
        }
        return CheckResult(violations: violations, undecided: undecided, statistics: statistics)
    }

    private func violation(in partition: PreparedPartition<M>, at deadEnd: DeadEnd<M.State>) -> Violation<M> {
        guard let deadline = partition.operations[deadEnd.blocked].deadline else {
            preconditionFailure("an operation without a deadline blocked the search")
        }
        let placed = Set(deadEnd.prefix)
        let pending = partition.operations.indices.filter {
            $0 != deadEnd.blocked && !placed.contains($0) && partition.operations[$0].call <= deadline
        }
        return Violation(
            key: partition.key, operationCount: partition.operations.count,
            longestPrefix: deadEnd.prefix.map { partition.recorded[$0] }, state: deadEnd.state,
            blocked: partition.recorded[deadEnd.blocked], deadline: deadline, pending: pending.map { partition.recorded[$0] }
        )
    }
}
