import Linearizability
import TestSupport
import Testing

@Suite struct RandomizedTests {
    @Test(arguments: 0..<4)
    func realExecutionsAreLinearizableAndCorruptedOnesAreNot(batch: Int) throws {
        let generator = HistoryGenerator()
        for seed in UInt64(batch * 50)..<UInt64(batch * 50 + 50) {
            let history = generator.generate(seed: seed)
            let result = check(history)
            #expect(result.verdict == .linearizable, "seed \(seed): \(result.report)")
            var random = SeededRandom(seed: ~seed)
            let corrupted = try #require(history.corruptingARead(&random), "seed \(seed) has no completed read")
            #expect(check(corrupted).verdict == .notLinearizable, "seed \(seed)")
        }
    }

    @Test func manyUnknownOutcomesAreStillDecided() throws {
        let generator = HistoryGenerator(clients: 6, keys: 2, operations: 120, unknownApplied: 15, unknownLost: 15, failed: 5)
        for seed: UInt64 in 1_000..<1_050 {
            let history = generator.generate(seed: seed)
            let result = check(history)
            #expect(result.verdict == .linearizable, "seed \(seed): \(result.report)")
            var random = SeededRandom(seed: seed)
            let corrupted = try #require(history.corruptingARead(&random))
            #expect(check(corrupted).verdict == .notLinearizable, "seed \(seed): \(check(corrupted).summary)")
        }
    }

    @Test func theSameSeedGivesTheSameHistory() {
        let generator = HistoryGenerator()
        #expect(generator.generate(seed: 7) == generator.generate(seed: 7))
        #expect(generator.generate(seed: 7) != generator.generate(seed: 8))
    }
}
