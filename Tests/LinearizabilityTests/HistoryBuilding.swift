import Linearizability

/// Terse constructors for handcrafted histories: times are small integers, the key defaults to "x".
enum Op {
    static func write(_ value: String, key: String = "x", client: Int = 0, _ interval: ClosedRange<UInt64>) -> HistoryOperation {
        completed(.write(key: key, value: value), .ok, client, interval)
    }

    static func read(_ value: String?, key: String = "x", client: Int = 0, _ interval: ClosedRange<UInt64>) -> HistoryOperation {
        completed(.read(key: key), .read(value), client, interval)
    }

    static func delete(key: String = "x", client: Int = 0, _ interval: ClosedRange<UInt64>) -> HistoryOperation {
        completed(.delete(key: key), .ok, client, interval)
    }

    static func cas(
        _ expected: String?, _ new: String, succeeded: Bool, key: String = "x", client: Int = 0, _ interval: ClosedRange<UInt64>
    ) -> HistoryOperation {
        completed(.cas(key: key, expected: expected, new: new), .cas(succeeded: succeeded), client, interval)
    }

    static func unknown(_ input: KVInput, client: Int = 0, called call: UInt64) -> HistoryOperation {
        HistoryOperation(clientID: client, input: input, call: call, outcome: .unknown)
    }

    static func failed(_ input: KVInput, client: Int = 0, called call: UInt64) -> HistoryOperation {
        HistoryOperation(clientID: client, input: input, call: call, outcome: .failed)
    }

    private static func completed(_ input: KVInput, _ output: KVOutput, _ client: Int, _ interval: ClosedRange<UInt64>) -> HistoryOperation {
        HistoryOperation(clientID: client, input: input, call: interval.lowerBound, outcome: .ok(output, returned: interval.upperBound))
    }
}

func check(_ history: [HistoryOperation], budget: SearchBudget = .default) -> CheckResult<KVModel> {
    LinearizabilityChecker(budget: budget).check(history)
}
