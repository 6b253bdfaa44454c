import Linearizability
import Testing

@Suite struct RegisterTests {
    @Test func anEmptyHistoryIsLinearizable() {
        #expect(check([]).verdict == .linearizable)
    }

    @Test func aSequentialWriteThenReadOfItIsLinearizable() {
        let history = [Op.write("a", 0...10), Op.read("a", 20...30)]
        #expect(check(history).verdict == .linearizable)
    }

    @Test func aReadConcurrentWithAWriteMaySeeEitherValue() {
        for seen in ["a", "b"] {
            let history = [
                Op.write("a", client: 1, 0...10),
                Op.write("b", client: 1, 20...40),
                Op.read(seen, client: 2, 25...35),
            ]
            #expect(check(history).verdict == .linearizable, "read saw \(seen)")
        }
    }

    @Test func aReadBeforeAnyWriteSeesTheKeyAbsent() {
        #expect(check([Op.read(nil, 0...5), Op.write("a", 10...20)]).verdict == .linearizable)
        #expect(check([Op.write("a", 0...5), Op.read(nil, 10...20)]).verdict == .notLinearizable)
    }

    @Test func aStaleReadAfterAnAcknowledgedWriteIsAViolation() {
        let history = [
            Op.write("a", client: 1, 0...10),
            Op.write("b", client: 1, 20...30),
            Op.read("a", client: 2, 31...40),
        ]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func aLostAcknowledgedWriteIsAViolation() {
        let history = [
            Op.read(nil, client: 2, 0...5),
            Op.write("a", client: 1, 10...20),
            Op.read(nil, client: 2, 30...40),
        ]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func aReadOfAValueNeverWrittenIsAViolation() {
        let history = [Op.write("a", client: 1, 0...10), Op.read("z", client: 2, 5...15)]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func readsMayNotGoBackInTime() {
        let history = [
            Op.write("a", client: 1, 0...10),
            Op.write("b", client: 1, 20...100),
            Op.read("b", client: 2, 30...40),
            Op.read("a", client: 3, 50...60),
        ]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func aDeleteMakesTheKeyAbsent() {
        let history = [Op.write("a", 0...10), Op.delete(20...30), Op.read(nil, client: 1, 40...50)]
        #expect(check(history).verdict == .linearizable)
        let stale = [Op.write("a", 0...10), Op.delete(20...30), Op.read("a", client: 1, 40...50)]
        #expect(check(stale).verdict == .notLinearizable)
    }

    @Test func operationsAtTheSameInstantCountAsConcurrent() {
        let history = [Op.write("a", client: 1, 0...10), Op.read(nil, client: 2, 10...20)]
        #expect(check(history).verdict == .linearizable)
    }

    @Test func aFailedWriteDidNotHappen() {
        let unseen = [Op.failed(.write(key: "x", value: "a"), called: 0), Op.read(nil, client: 1, 10...20)]
        #expect(check(unseen).verdict == .linearizable)
        let seen = [Op.failed(.write(key: "x", value: "a"), called: 0), Op.read("a", client: 1, 10...20)]
        #expect(check(seen).verdict == .notLinearizable)
        #expect(check(seen).statistics.failed == 1)
    }
}
