import Linearizability
import Testing

@Suite struct UnknownOutcomeTests {
    @Test func anUnknownWriteWhoseValueIsReadLaterTookEffect() {
        let history = [
            Op.write("a", client: 1, 0...10),
            Op.unknown(.write(key: "x", value: "b"), client: 1, called: 20),
            Op.read("b", client: 2, 1000...1010),
        ]
        #expect(check(history).verdict == .linearizable)
    }

    @Test func anUnknownWriteOnlyItsReaderCanSeeMustPrecedeThatRead() {
        let history = [
            Op.write("a", client: 1, 0...10),
            Op.unknown(.write(key: "x", value: "b"), client: 1, called: 20),
            Op.read("a", client: 2, 30...40),
            Op.read("b", client: 2, 50...60),
            Op.read("a", client: 3, 70...80),
        ]
        let result = check(history)
        #expect(result.verdict == .notLinearizable)
        #expect(result.statistics.boundedUnknown == 1)
        #expect(result.violations.first?.blocked.index == 4)
    }

    @Test func anUnknownWriteNeverObservedMayNeverHaveHappened() {
        let history = [
            Op.write("a", client: 1, 0...10),
            Op.unknown(.write(key: "x", value: "b"), client: 1, called: 20),
            Op.read("a", client: 2, 30...40),
            Op.read("a", client: 2, 1000...1010),
        ]
        let result = check(history)
        #expect(result.verdict == .linearizable)
        #expect(result.statistics.droppedUnknown == 1)
    }

    @Test func anUnknownWriteCannotBeSeenBeforeItsCall() {
        let history = [Op.read("b", client: 2, 0...10), Op.unknown(.write(key: "x", value: "b"), client: 1, called: 20)]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func anUnknownWriteOnceSeenCannotBeUndone() {
        let history = [
            Op.write("a", client: 1, 0...10),
            Op.unknown(.write(key: "x", value: "b"), client: 1, called: 20),
            Op.read("b", client: 2, 30...40),
            Op.read("a", client: 3, 50...60),
        ]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func anUnknownWriteMayTakeEffectLongAfterItsCall() {
        let history = [
            Op.unknown(.write(key: "x", value: "b"), client: 1, called: 0),
            Op.write("a", client: 2, 10...20),
            Op.read("a", client: 2, 30...40),
            Op.read("b", client: 2, 50...60),
        ]
        #expect(check(history).verdict == .linearizable)
    }

    @Test func anUnknownReadConstrainsNothing() {
        let history = [Op.write("a", 0...10), Op.unknown(.read(key: "x"), client: 1, called: 5)]
        let result = check(history)
        #expect(result.verdict == .linearizable)
        #expect(result.statistics.droppedUnknown == 1)
    }

    @Test func anUnknownCASMayHaveSucceeded() {
        let history = [
            Op.write("a", 0...10),
            Op.unknown(.cas(key: "x", expected: "a", new: "b"), client: 1, called: 20),
            Op.read("b", client: 2, 30...40),
        ]
        #expect(check(history).verdict == .linearizable)
    }

    @Test func anUnknownCASMayHaveFailedOrNeverRun() {
        let history = [
            Op.write("a", 0...10),
            Op.unknown(.cas(key: "x", expected: "a", new: "b"), client: 1, called: 20),
            Op.read("a", client: 2, 30...40),
        ]
        #expect(check(history).verdict == .linearizable)
    }

    @Test func anUnknownCASCannotSucceedFromTheWrongValue() {
        let history = [
            Op.write("a", 0...10),
            Op.unknown(.cas(key: "x", expected: "z", new: "b"), client: 1, called: 20),
            Op.read("b", client: 2, 30...40),
        ]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func aFailedCASKeepsUnobservedUnknownWritesInTheSearch() {
        // Dropping the unknown write of "b" would be wrong: the failed CAS needs it to have happened.
        let history = [
            Op.write("a", 0...10),
            Op.unknown(.write(key: "x", value: "b"), client: 1, called: 20),
            Op.cas("a", "c", succeeded: false, client: 2, 30...40),
        ]
        let result = check(history)
        #expect(result.verdict == .linearizable)
        #expect(result.statistics.droppedUnknown == 0)
    }
}
