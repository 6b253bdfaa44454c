import Linearizability

/// Decides linearizability of a one-key history by trying every order of its operations: the
/// reference the checker must agree with. Exponential, so only for a handful of operations.
func bruteForceLinearizable(_ history: [HistoryOperation]) -> Bool {
    let operations = history.filter { $0.outcome != .failed }
    precondition(operations.count <= 9, "too many operations to try every order")
    precondition(Set(operations.map(\.input.key)).count <= 1, "one key only")
    return extend(placed: [], state: nil, operations)
}

/// Whether some order of the operations not yet placed extends the placed ones to a linearization.
private func extend(placed: Set<Int>, state: String?, _ operations: [HistoryOperation]) -> Bool {
    let unplaced = operations.indices.filter { !placed.contains($0) }
    if unplaced.allSatisfy({ operations[$0].returned == nil }) { return true }
    for next in unplaced {
        // An operation goes next only if nothing unplaced returned strictly before it was called.
        let blocked = unplaced.contains { other in operations[other].returned.map { $0 < operations[next].call } ?? false }
        if blocked { continue }
        for successor in successors(of: operations[next], in: state)
        where extend(placed: placed.union([next]), state: successor, operations) {
            return true
        }
    }
    return false
}

private func successors(of operation: HistoryOperation, in state: String?) -> [String?] {
    let model = KVModel()
    switch operation.outcome {
    case let .ok(output, _): return model.step(state, operation.input, output).map { [$0] } ?? []
    case .unknown: return model.successors(state, operation.input)
    case .failed: return []
    }
}
