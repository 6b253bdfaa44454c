import Testing
@testable import kvbench

@Suite struct CoordinationTests {
    @Test func theBudgetHandsOutEachRequestOnce() async {
        let budget = RequestBudget(total: 1000, timeLimit: .seconds(600))
        let start = ContinuousClock.now
        let claimed = await withTaskGroup(of: [Int].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    var mine: [Int] = []
                    while let index = budget.claim(startedAt: start) { mine.append(index) }
                    return mine
                }
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(claimed.sorted() == Array(0..<1000))
        #expect(budget.claim(startedAt: start) == nil)
    }

    @Test func theBudgetEndsAtTheTimeLimit() {
        let budget = RequestBudget(total: 10, timeLimit: .seconds(1))
        #expect(budget.claim(startedAt: .now - .seconds(2)) == nil)
        #expect(budget.claim(startedAt: .now) == 0)
    }

    @Test func theStartLineReleasesEveryoneAtOnce() async {
        let line = StartLine(runners: 5)
        #expect(line.start == nil)
        let starts = await withTaskGroup(of: ContinuousClock.Instant?.self) { group in
            for _ in 0..<5 { group.addTask { await line.ready() } }
            return await group.reduce(into: []) { $0.append($1) }
        }
        #expect(starts.count == 5)
        #expect(Set(starts.compactMap { $0 }).count == 1)
        #expect(starts.allSatisfy { $0 == line.start })
    }

    @Test func oneRunnerGivingUpReleasesTheOthersWithNoStart() async {
        let line = StartLine(runners: 3)
        async let first = line.ready()
        async let second = line.ready()
        line.giveUp()
        #expect(await first == nil)
        #expect(await second == nil)
        #expect(await line.ready() == nil)
        #expect(line.start == nil)
    }
}
