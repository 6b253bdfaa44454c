import Linearizability
import Testing

@Suite struct CASTests {
    @Test func twoConcurrentCASFromTheSameValueCannotBothSucceed() {
        let history = [
            Op.write("a", 0...10),
            Op.cas("a", "b", succeeded: true, client: 1, 20...40),
            Op.cas("a", "c", succeeded: true, client: 2, 25...45),
        ]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func twoConcurrentCASFromTheSameValueMayHaveOneWinner() {
        let history = [
            Op.write("a", 0...10),
            Op.cas("a", "b", succeeded: true, client: 1, 20...40),
            Op.cas("a", "c", succeeded: false, client: 2, 25...45),
            Op.read("b", client: 3, 50...60),
        ]
        #expect(check(history).verdict == .linearizable)
    }

    @Test func aCASOnAnAbsentKeyExpectsNil() {
        #expect(check([Op.cas(nil, "a", succeeded: true, 0...10), Op.read("a", 20...30)]).verdict == .linearizable)
        #expect(check([Op.write("a", 0...10), Op.cas(nil, "b", succeeded: true, 20...30)]).verdict == .notLinearizable)
    }

    @Test func aCASThatFailedAgainstTheCurrentValueIsAViolation() {
        let history = [Op.write("a", 0...10), Op.cas("a", "b", succeeded: false, 20...30)]
        #expect(check(history).verdict == .notLinearizable)
    }

    @Test func aFailedCASLeavesTheValue() {
        let history = [Op.write("a", 0...10), Op.cas("z", "b", succeeded: false, 20...30), Op.read("a", 40...50)]
        #expect(check(history).verdict == .linearizable)
    }
}
