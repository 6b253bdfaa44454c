import Linearizability

/// The campaign's history in the checker's terms: linearizable reads and every write, per key
/// (serializable reads may be stale by design and are checked on their own).
enum LinearizabilityCheck {
    static func check(_ history: [ClientOperation], budget: SearchBudget) -> CheckResult<KVModel> {
        let operations = history.compactMap { operation -> HistoryOperation? in
            guard let input = input(operation.request) else { return nil }
            return HistoryOperation(clientID: operation.client, input: input, call: operation.call,
                                    outcome: outcome(operation.outcome))
        }
        return LinearizabilityChecker<KVModel>(budget: budget).check(operations)
    }

    private static func input(_ request: ClientOperation.Request) -> KVInput? {
        switch request {
        case .read(let key, false): .read(key: key)
        case .read(_, true): nil
        case .put(let key, let value): .write(key: key, value: value)
        case .delete(let key): .delete(key: key)
        case .compareAndSet(let key, let expected, let new): .cas(key: key, expected: expected, new: new)
        }
    }

    private static func outcome(_ outcome: ClientOperation.Outcome) -> KVOutcome {
        switch outcome {
        case .ok(.read(let value, _), let returned): .ok(.read(value), returned: returned)
        case .ok(.written, let returned): .ok(.ok, returned: returned)
        case .ok(.compareAndSet(let succeeded, _), let returned): .ok(.cas(succeeded: succeeded), returned: returned)
        case .failed: .failed
        case .unknown: .unknown
        }
    }
}
