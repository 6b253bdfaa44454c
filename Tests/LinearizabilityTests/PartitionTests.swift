import Linearizability
import Testing

@Suite struct PartitionTests {
    @Test func keysAreCheckedIndependently() {
        // Read as one register this would be a stale read; per key it is fine.
        let history = [
            Op.write("a", key: "x", client: 1, 0...10),
            Op.write("b", key: "y", client: 1, 20...30),
            Op.read("a", key: "x", client: 2, 40...50),
            Op.read("b", key: "y", client: 2, 60...70),
        ]
        let result = check(history)
        #expect(result.verdict == .linearizable)
        #expect(result.statistics.partitions == 2)
    }

    @Test func aViolationNamesItsKeyOnly() {
        let history = [
            Op.write("a", key: "good", client: 1, 0...10),
            Op.write("a", key: "bad", client: 1, 20...30),
            Op.read("a", key: "good", client: 2, 40...50),
            Op.read(nil, key: "bad", client: 2, 60...70),
        ]
        let result = check(history)
        #expect(result.verdict == .notLinearizable)
        #expect(result.violations.map(\.key) == ["bad"])
    }

    @Test func everyViolatingKeyIsReportedInHistoryOrder() {
        let history = [
            Op.read("never", key: "second", 0...10),
            Op.read("never", key: "first", client: 1, 0...5),
            Op.read(nil, key: "fine", client: 2, 0...5),
        ]
        #expect(check(history).violations.map(\.key) == ["second", "first"])
    }
}
