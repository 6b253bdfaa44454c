import Linearizability
import TestSupport
import Testing

/// The checker's simplifications (dropped and bounded unknown operations, placeholder values,
/// dominance in the memo) must never change a verdict: compare with trying every order.
@Suite struct ReferenceTests {
    @Test(arguments: 0..<4)
    func theCheckerAgreesWithTryingEveryOrder(batch: Int) {
        let generator = HistoryGenerator(
            clients: 3, keys: 1, operations: 8, unknownApplied: 15, unknownLost: 15, failed: 5, distinctValues: 2
        )
        var verdicts = (valid: 0, invalid: 0)
        for seed in UInt64(batch * 500)..<UInt64(batch * 500 + 500) {
            var random = SeededRandom(seed: seed)
            let history = perturbed(generator.generate(seed: seed), &random)
            let expected = bruteForceLinearizable(history)
            let verdict = check(history).verdict
            #expect(verdict == (expected ? .linearizable : .notLinearizable), "seed \(seed): \(check(history).report)")
            if expected { verdicts.valid += 1 } else { verdicts.invalid += 1 }
        }
        #expect(verdicts.valid > 100 && verdicts.invalid > 100, "\(verdicts)")
    }

    /// Half of the histories get one completed output changed, which may or may not break them.
    private func perturbed(_ history: [HistoryOperation], _ random: inout SeededRandom) -> [HistoryOperation] {
        let candidates = history.indices.filter { if case .ok(.read, _) = history[$0].outcome { true } else if case .ok(.cas, _) = history[$0].outcome { true } else { false } }
        guard !candidates.isEmpty, random.chance(50) else { return history }
        let index = candidates[random.below(candidates.count)]
        guard case let .ok(output, returned) = history[index].outcome else { return history }
        let changed: KVOutput = switch output {
        case .read: .read([nil, "v0", "v1"][random.below(3)])
        case let .cas(succeeded): .cas(succeeded: !succeeded)
        case .ok: .ok
        }
        var result = history
        result[index] = HistoryOperation(
            clientID: history[index].clientID, input: history[index].input, call: history[index].call,
            outcome: .ok(changed, returned: returned)
        )
        return result
    }
}
