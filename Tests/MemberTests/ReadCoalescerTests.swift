@testable import Member
import Raft
import Testing

struct ReadCoalescerTests {
    private func context(_ counter: UInt64) -> [UInt8] {
        withUnsafeBytes(of: counter.littleEndian) { Array($0) }
    }

    @Test func readsArrivingDuringARoundWaitForTheNextOne() {
        var reads = ReadCoalescer<Int>(firstContext: 100)
        reads.add(1, deadline: 50)
        reads.add(2, deadline: 50)
        #expect(reads.startRound(now: 0, leader: 7) == context(101))
        // In flight: no second round, and the late read does not ride this one.
        reads.add(3, deadline: 50)
        #expect(reads.startRound(now: 1, leader: 7) == nil)
        reads.answered(context: context(101), index: 10)
        #expect(reads.released(applied: 9).isEmpty)
        #expect(reads.released(applied: 10) == [1, 2])
        #expect(reads.count == 1)
        #expect(reads.startRound(now: 2, leader: 7) == context(102))
        reads.answered(context: context(102), index: 12)
        #expect(reads.released(applied: 20) == [3])
        #expect(reads.count == 0)
        #expect(reads.startRound(now: 3, leader: 7) == nil)
    }

    @Test func answersToOtherRoundsAreIgnored() {
        var reads = ReadCoalescer<Int>(firstContext: 0)
        reads.add(1, deadline: 50)
        _ = reads.startRound(now: 0, leader: 7)
        reads.answered(context: context(99), index: 1)
        #expect(reads.released(applied: 1_000).isEmpty)
        #expect(reads.inflight != nil)
    }

    @Test func aNewLeaderFailsTheRoundTheOldOneNeverConfirmed() {
        var reads = ReadCoalescer<Int>(firstContext: 0)
        reads.add(1, deadline: 50)
        _ = reads.startRound(now: 0, leader: 7)
        reads.add(2, deadline: 50)
        #expect(reads.leaderChanged(to: 7, now: 1).failed.isEmpty)
        let change = reads.leaderChanged(to: 8, now: 1)
        #expect(change.failed == [1])
        #expect(change.reask == nil)
        // The queued read was never asked of anyone: it goes to the new leader.
        #expect(reads.startRound(now: 1, leader: 8) == context(2))
    }

    @Test func aRoundAskedWithoutALeaderIsAskedOfTheFirstOne() {
        var reads = ReadCoalescer<Int>(firstContext: 0)
        reads.add(1, deadline: 50)
        #expect(reads.startRound(now: 0, leader: noNode) == context(1))
        let stillNone = reads.leaderChanged(to: noNode, now: 1)
        #expect(stillNone.failed.isEmpty && stillNone.reask == nil)
        let change = reads.leaderChanged(to: 5, now: 2)
        #expect(change.failed.isEmpty)
        #expect(change.reask == context(1))
        #expect(reads.inflight?.leader == 5)
        // Now asked of leader 5: losing it fails the round.
        #expect(reads.leaderChanged(to: 6, now: 3).failed == [1])
    }

    @Test func anUnansweredRoundIsAskedAgainAfterTheInterval() {
        var reads = ReadCoalescer<Int>(firstContext: 0)
        reads.add(1, deadline: 50)
        _ = reads.startRound(now: 10, leader: 7)
        #expect(reads.retryDue(now: 19, interval: 10) == nil)
        #expect(reads.retryDue(now: 20, interval: 10) == context(1))
        #expect(reads.retryDue(now: 25, interval: 10) == nil)
        #expect(reads.retryDue(now: 30, interval: 10) == context(1))
    }

    @Test func readsExpireWhereverTheyWait() {
        var reads = ReadCoalescer<Int>(firstContext: 0)
        reads.add(1, deadline: 5)
        reads.add(2, deadline: 9)
        _ = reads.startRound(now: 0, leader: 7)
        reads.answered(context: context(1), index: 4)
        reads.add(3, deadline: 5)
        _ = reads.startRound(now: 1, leader: 7)
        reads.add(4, deadline: 5)
        reads.add(5, deadline: 9)
        #expect(reads.expired(now: 4).isEmpty)
        #expect(Set(reads.expired(now: 5)) == [1, 3, 4])
        // The round in flight lost its only read: given up, so the next one can start.
        #expect(reads.inflight == nil)
        #expect(reads.startRound(now: 5, leader: 7) == context(3))
        #expect(reads.released(applied: 4) == [2])
        #expect(reads.removeAll() == [5])
        #expect(reads.count == 0)
    }
}
