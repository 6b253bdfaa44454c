import Linearizability
import TestSupport

/// Records histories of a real sequential execution: every operation takes effect at a point
/// drawn inside its [call, return] interval, so the history is linearizable by construction.
struct HistoryGenerator {
    var clients = 4
    var keys = 3
    var operations = 60
    /// Chances, in percent, that an operation's client learns nothing although it took effect,
    /// learns nothing and it did not take effect, or is told it failed (it did not take effect).
    var unknownApplied = 5
    var unknownLost = 5
    var failed = 5
    /// Values drawn from this many, so that they repeat; nil makes every written value unique.
    var distinctValues: Int?

    private struct Draft {
        let client: Int
        let input: KVInput
        let call: UInt64
        let effect: UInt64
        let returned: UInt64
        let fate: Fate
        var output: KVOutput?
    }

    private enum Fate { case ok, unknownApplied, unknownLost, failed }

    func generate(seed: UInt64) -> [HistoryOperation] {
        var random = SeededRandom(seed: seed)
        var drafts = draftOperations(&random)
        var store: [String: String] = [:]
        let order = drafts.indices.sorted { (drafts[$0].effect, $0) < (drafts[$1].effect, $1) }
        for index in order where drafts[index].fate == .ok || drafts[index].fate == .unknownApplied {
            drafts[index].output = apply(drafts[index].input, to: &store)
        }
        return drafts.map { draft in
            HistoryOperation(clientID: draft.client, input: draft.input, call: draft.call, outcome: outcome(of: draft))
        }
    }

    private func draftOperations(_ random: inout SeededRandom) -> [Draft] {
        var clock = [UInt64](repeating: 0, count: clients)
        var written: [[String]] = Array(repeating: [], count: keys)
        var drafts: [Draft] = []
        for number in 0..<operations {
            let client = random.below(clients)
            let key = random.below(keys)
            let value = distinctValues.map { "v\(random.below($0))" } ?? "c\(client)-\(number)"
            let input: KVInput
            switch random.below(10) {
            case 0..<4: input = .read(key: "k\(key)")
            case 4..<7: input = .write(key: "k\(key)", value: value)
            case 7..<9:
                let expected = written[key].isEmpty || random.chance(20) ? nil : written[key][random.below(written[key].count)]
                input = .cas(key: "k\(key)", expected: expected, new: value)
            default: input = .delete(key: "k\(key)")
            }
            if case .write = input { written[key].append(value) }
            if case .cas = input { written[key].append(value) }
            let call = clock[client] + UInt64(random.below(20))
            let effect = call + UInt64(random.below(30))
            let returned = effect + UInt64(random.below(30))
            clock[client] = returned + 1
            drafts.append(Draft(client: client, input: input, call: call, effect: effect, returned: returned, fate: fate(&random)))
        }
        return drafts
    }

    private func outcome(of draft: Draft) -> KVOutcome {
        switch draft.fate {
        case .ok:
            guard let output = draft.output else { preconditionFailure("an acknowledged operation was never applied") }
            return .ok(output, returned: draft.returned)
        case .unknownApplied, .unknownLost: return .unknown
        case .failed: return .failed
        }
    }

    private func fate(_ random: inout SeededRandom) -> Fate {
        let roll = random.below(100)
        if roll < unknownApplied { return .unknownApplied }
        if roll < unknownApplied + unknownLost { return .unknownLost }
        if roll < unknownApplied + unknownLost + failed { return .failed }
        return .ok
    }

    private func apply(_ input: KVInput, to store: inout [String: String]) -> KVOutput {
        switch input {
        case let .read(key):
            return .read(store[key])
        case let .write(key, value):
            store[key] = value
            return .ok
        case let .delete(key):
            store[key] = nil
            return .ok
        case let .cas(key, expected, new):
            guard store[key] == expected else { return .cas(succeeded: false) }
            store[key] = new
            return .cas(succeeded: true)
        }
    }
}

extension [HistoryOperation] {
    /// The history with one completed read, drawn by `random`, changed to return a value nobody
    /// wrote; nil when the history has no completed read.
    func corruptingARead(_ random: inout SeededRandom) -> [HistoryOperation]? {
        let reads = indices.filter { if case .ok(.read, _) = self[$0].outcome { true } else { false } }
        guard !reads.isEmpty else { return nil }
        let index = reads[random.below(reads.count)]
        guard let returned = self[index].returned else { preconditionFailure("a completed read without a return") }
        var corrupted = self
        corrupted[index] = HistoryOperation(
            clientID: self[index].clientID, input: self[index].input, call: self[index].call,
            outcome: .ok(.read("never written"), returned: returned)
        )
        return corrupted
    }
}
