import Raft
import Testing
@testable import Server

@Suite struct PeerQueueTests {
    private func appends(_ count: Int, from start: UInt64 = 1) -> [Message] {
        (0..<UInt64(count)).map { Message(kind: .append, to: 2, from: 1, index: start + $0) }
    }

    /// A slow or dead peer fills its queue; then the queue refuses (the caller reports the peer
    /// unreachable) instead of growing or blocking the leader, and takes messages again once
    /// the sender has drained it.
    @Test func aFullQueueRefusesInsteadOfGrowing() async {
        let queue = PeerQueue(capacity: 10, batchLimit: 4)
        #expect(queue.enqueue(appends(8)))
        #expect(!queue.enqueue(appends(3, from: 9)), "11 messages in a queue of 10")
        #expect(queue.enqueue(appends(2, from: 9)))
        #expect(!queue.enqueue(appends(1, from: 11)))
        // Drained in order, at most a batch limit at a time.
        var indexes: [UInt64] = []
        for expectedCount in [4, 4, 2] {
            let batch = await queue.next()
            #expect(batch.count == expectedCount)
            indexes += batch.map(\.index)
        }
        #expect(indexes == Array(1...10))
        #expect(queue.enqueue(appends(10, from: 11)))
    }

    /// A broken stream's queue is stale: it is emptied, and the next stream starts from what
    /// Raft sends afresh.
    @Test func discardingEmptiesTheQueue() async {
        let queue = PeerQueue(capacity: 10, batchLimit: 10)
        #expect(queue.enqueue(appends(10)))
        queue.discardPending()
        #expect(queue.enqueue(appends(1, from: 50)))
        #expect(await queue.next().map(\.index) == [50])
    }

    /// A sender waiting on an empty queue is woken by the next message, and by a close (with
    /// the empty batch that ends it); a closed queue refuses everything.
    @Test func aWaitingSenderWakesForMessagesAndForClose() async {
        let queue = PeerQueue(capacity: 10, batchLimit: 10)
        async let first = queue.next()
        try? await Task.sleep(for: .milliseconds(20))
        #expect(queue.enqueue(appends(2)))
        #expect(await first.map(\.index) == [1, 2])

        async let second = queue.next()
        try? await Task.sleep(for: .milliseconds(20))
        queue.close()
        #expect(await second.isEmpty)
        #expect(!queue.enqueue(appends(1)))
        #expect(await queue.next().isEmpty)
    }

    /// Reconnection pauses double up to the maximum, and start again from the initial pause
    /// once a stream has carried messages.
    @Test func reconnectionBacksOffAndResets() {
        var backoff = ReconnectBackoff(initial: .milliseconds(50), maximum: .seconds(1))
        let pauses = (0..<7).map { _ in backoff.next() }
        #expect(pauses == [50, 100, 200, 400, 800, 1_000, 1_000].map { Duration.milliseconds($0) })
        backoff.reset()
        #expect(backoff.next() == .milliseconds(50))
    }
}
