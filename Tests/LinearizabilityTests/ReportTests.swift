import Linearizability
import Testing

@Suite struct ReportTests {
    private let staleRead = [
        Op.write("a", client: 1, 0...10),
        Op.write("b", client: 1, 20...30),
        Op.read("a", client: 2, 31...40),
    ]

    @Test func theSummaryIsOneLineNamingTheKey() {
        let summary = check(staleRead).summary
        #expect(!summary.contains("\n"))
        #expect(summary.hasPrefix("NOT linearizable: \"x\""))
        #expect(check(Array(staleRead.prefix(2))).summary.hasPrefix("linearizable: 1 partitions, 2 operations"))
    }

    @Test func theViolationShowsWhereTheSearchGotStuck() throws {
        let violation = try #require(check(staleRead).violations.first)
        #expect(violation.longestPrefix.map(\.index) == [0, 1])
        #expect(violation.state == "b")
        #expect(violation.blocked.index == 2)
        #expect(violation.pending.isEmpty)
        let report = check(staleRead).report
        #expect(report.contains("#2 client 2: read(x) -> \"a\" [31, 40]"))
        #expect(report.contains("state then: \"b\""))
    }

    @Test func undecidedPartitionsSayWhy() {
        let history = [Op.write("a", 0...10), Op.read("a", 20...30)]
        let result = check(history, budget: SearchBudget(maxStepsPerPartition: 1, maxUnknownPerPartition: 64))
        #expect(result.summary.hasPrefix("undecided: \"x\";"))
        #expect(result.report.contains("used its budget of 1 steps"))
    }
}
