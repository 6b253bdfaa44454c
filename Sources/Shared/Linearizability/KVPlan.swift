/// Simplifications of a partition that follow from what its operations observe.
///
/// A value is observed when a read returns it or a CAS expects it; every operation's legality
/// depends on the key's value only through equality with observed values.
///
/// - Values nobody observes are indistinguishable, so unknown writes and CASes of them all put one
///   placeholder instead: identical pending operations, which the search counts instead of telling
///   apart. (Completed ones keep their values, which reports show.)
/// - An unknown read changes nothing: dropped.
/// - An unknown write, CAS or delete setting an unobserved value enables nothing that follows it,
///   except a CAS whose compare failed and that might have succeeded against the previous value.
///   So unless such a CAS returned after its call, it is dropped.
/// - If an unknown write or CAS is the only operation setting some value, and a completed operation
///   needs the key to hold that value (a read returning it, a successful CAS expecting it), it took
///   effect before the first such one returned. An absent key needs no setter (it is the initial
///   state), so deletes get no deadline.
extension KVModel {
    public func plan(_ operations: [HistoryOperation]) -> [PlannedOperation<KVInput>] {
        let facts = PartitionFacts(operations)
        let placeholder = facts.unobservedValue()
        return operations.map { operation in
            guard operation.outcome == .unknown else { return .search(operation.input, requiredBy: nil) }
            return plan(unknown: operation, as: canonical(operation.input, facts, placeholder), facts)
        }
    }

    private func canonical(_ input: KVInput, _ facts: PartitionFacts, _ placeholder: String) -> KVInput {
        switch input {
        case let .write(key, value) where !facts.observed.contains(value):
            .write(key: key, value: placeholder)
        case let .cas(key, expected, new) where !facts.observed.contains(new):
            .cas(key: key, expected: expected, new: placeholder)
        default:
            input
        }
    }

    private func plan(unknown operation: HistoryOperation, as input: KVInput, _ facts: PartitionFacts) -> PlannedOperation<KVInput> {
        let value: String?
        switch operation.input {
        case .read: return .drop
        case .delete: value = nil
        case let .write(_, written), let .cas(_, _, written): value = written
        }
        let failedCASAfterCall = facts.lastFailedCASReturn.map { $0 >= operation.call } ?? false
        if !facts.observed.contains(value) && !failedCASAfterCall { return .drop }
        guard value != nil, facts.setters[value] == 1, let needed = facts.firstNeed[value], needed >= operation.call else {
            return .search(input, requiredBy: nil)
        }
        return .search(input, requiredBy: needed)
    }
}

private struct PartitionFacts {
    /// Values some operation's legality depends on: read results and CAS expectations.
    var observed: Set<String?> = []
    /// For each value, the earliest return of a completed operation that needs the key to hold it.
    var firstNeed: [String?: UInt64] = [:]
    /// How many operations may set each value.
    var setters: [String?: Int] = [:]
    var lastFailedCASReturn: UInt64?

    init(_ operations: [HistoryOperation]) {
        for operation in operations {
            switch operation.input {
            case .read: break
            case .delete: setters[nil, default: 0] += 1
            case let .write(_, value), let .cas(_, _, value): setters[value, default: 0] += 1
            }
            switch (operation.input, operation.outcome) {
            case let (.read, .ok(.read(value), returned)):
                observed.insert(value)
                need(value, by: returned)
            case let (.cas(_, expected, _), .ok(.cas(succeeded), returned)):
                observed.insert(expected)
                if succeeded {
                    need(expected, by: returned)
                } else {
                    lastFailedCASReturn = max(lastFailedCASReturn ?? returned, returned)
                }
            case let (.cas(_, expected, _), _):
                observed.insert(expected)
            default:
                break
            }
        }
    }

    /// A value distinct from every observed one, to stand for all unobserved values.
    func unobservedValue() -> String {
        for attempt in 0...observed.count {
            let candidate = attempt == 0 ? "(unobserved)" : "(unobserved \(attempt))"
            if !observed.contains(candidate) { return candidate }
        }
        preconditionFailure("more observed values than candidates tried")
    }

    private mutating func need(_ value: String?, by returned: UInt64) {
        firstNeed[value] = min(firstNeed[value] ?? returned, returned)
    }
}
