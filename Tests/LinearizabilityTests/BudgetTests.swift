import Linearizability
import Testing

@Suite struct BudgetTests {
    /// Many concurrent writes, then reads that flip between two of them: no order explains it, and
    /// proving that takes a search over the orders of the writes.
    private func flipFlop(writers: Int) -> [HistoryOperation] {
        let writes = (0..<writers).map { Op.write("v\($0)", client: $0, 0...100) }
        return writes + [
            Op.read("v0", client: writers, 200...300),
            Op.read("v1", client: writers, 400...500),
            Op.read("v0", client: writers, 600...700),
        ]
    }

    @Test func aSufficientBudgetDecidesTheHardHistory() {
        let result = check(flipFlop(writers: 10))
        #expect(result.verdict == .notLinearizable)
        #expect(result.statistics.steps > 100)
    }

    @Test func aBudgetTooSmallGivesUndecidedNeverLinearizable() {
        let tiny = SearchBudget(maxStepsPerPartition: 100, maxUnknownPerPartition: 64)
        let invalid = check(flipFlop(writers: 10), budget: tiny)
        #expect(invalid.verdict == .undecided)
        #expect(invalid.undecided.map(\.reason) == [.stepBudget(steps: 100)])
        let valid = check(Array(flipFlop(writers: 10).prefix(11)), budget: SearchBudget(maxStepsPerPartition: 3, maxUnknownPerPartition: 64))
        #expect(valid.verdict == .undecided)
        #expect(check(Array(flipFlop(writers: 10).prefix(11))).verdict == .linearizable)
    }

    @Test func tooManyUnknownOperationsGiveUndecided() {
        // Nothing reads the unknown writes, but a failed CAS might need any of them: all stay pending.
        let writes = (0..<5).map { Op.unknown(.write(key: "x", value: "v\($0)"), client: $0, called: 0) }
        let history = writes + [Op.cas("z", "w", succeeded: false, client: 9, 10...20)]
        let result = check(history, budget: SearchBudget(maxStepsPerPartition: 1_000_000, maxUnknownPerPartition: 4))
        #expect(result.verdict == .undecided)
        #expect(result.undecided.map(\.reason) == [.tooManyUnknown(count: 5, limit: 4)])
        #expect(check(history).verdict == .linearizable)
    }

    @Test func aViolationElsewhereOutranksAnUndecidedKey() {
        let hard = flipFlop(writers: 10)
        let broken = [Op.read("never", key: "y", 0...10)]
        let result = check(hard + broken, budget: SearchBudget(maxStepsPerPartition: 100, maxUnknownPerPartition: 64))
        #expect(result.verdict == .notLinearizable)
        #expect(result.violations.map(\.key) == ["y"])
        #expect(result.undecided.map(\.key) == ["x"])
    }
}
