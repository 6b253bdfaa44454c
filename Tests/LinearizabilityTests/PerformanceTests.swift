import Linearizability
import TestSupport
import Testing

@Suite struct PerformanceTests {
    private let history = HistoryGenerator(
        clients: 8, keys: 20, operations: 4_000, unknownApplied: 2, unknownLost: 2, failed: 2
    ).generate(seed: 42)

    @Test func aFaultRunSizedHistoryIsDecidedQuickly() {
        var result: CheckResult<KVModel>?
        let elapsed = ContinuousClock().measure { result = check(history) }
        #expect(result?.verdict == .linearizable, "\(result?.report ?? "")")
        #expect(result?.statistics.partitions == 20)
        #expect((result?.statistics.steps ?? .max) < 20 * history.count, "\(result?.summary ?? "")")
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }

    @Test func aViolationInAFaultRunSizedHistoryIsFoundQuickly() throws {
        var random = SeededRandom(seed: 7)
        let corrupted = try #require(history.corruptingARead(&random))
        var result: CheckResult<KVModel>?
        let elapsed = ContinuousClock().measure { result = check(corrupted) }
        #expect(result?.verdict == .notLinearizable)
        #expect(result?.violations.count == 1)
        #expect(elapsed < .seconds(1), "took \(elapsed)")
    }
}
