import Testing
@testable import FaultHarness

/// The campaign's checks pass a good history and name what is wrong with a bad one: each
/// bad case below is a bug the campaign exists to catch.
struct CheckTests {
    private func put(_ key: String, _ value: String, at revision: Int64, call: UInt64 = 0, returned: UInt64 = 1) -> ClientOperation {
        ClientOperation(client: 0, request: .put(key: key, value: value), call: call,
                        outcome: .ok(.written(revision: revision), returned: returned))
    }

    private func event(_ revision: Int64, _ key: String, _ value: String?, previous: String?) -> WatchedEvent {
        WatchedEvent(revision: revision, isDelete: value == nil, key: key, value: value, previousValue: previous)
    }

    private var history: [WatchedEvent] {
        [event(2, "k/0", "a", previous: nil), event(3, "k/0", "b", previous: "a"),
         event(4, "k/1", "c", previous: nil), event(5, "k/0", nil, previous: "b")]
    }

    @Test func aConsistentHistoryPasses() {
        #expect(WatchChecks.selfConsistent(history).isEmpty)
        #expect(WatchChecks.membersAgree(["m0": history, "m1": history]).isEmpty)
        #expect(WatchChecks.watcher("w", received: Array(history[1...]), start: 3, through: 5, history: history).isEmpty)
        let operations = [put("k/0", "a", at: 2), put("k/0", "b", at: 3), put("k/1", "c", at: 4)]
        #expect(WatchChecks.historyHoldsTheWrites(history, operations: operations).isEmpty)
    }

    @Test func aWrongPrevKVOrARevisionOutOfOrderIsFound() {
        var wrongPrevious = history
        wrongPrevious[1].previousValue = "x"
        #expect(WatchChecks.selfConsistent(wrongPrevious).count == 1)
        #expect(!WatchChecks.selfConsistent([history[1], history[0]]).isEmpty)
    }

    @Test func aWatcherMissingDuplicatingOrReorderingAnEventIsFound() {
        let gap = [history[0], history[2], history[3]]
        let duplicate = [history[0], history[1], history[1], history[2], history[3]]
        let reordered = [history[1], history[0], history[2], history[3]]
        for received in [gap, duplicate, reordered] {
            #expect(WatchChecks.watcher("w", received: received, start: 1, through: 5, history: history).count == 1)
        }
    }

    @Test func aDivergedMemberIsFound() {
        var other = history
        other[2].value = "z"
        #expect(WatchChecks.membersAgree(["m0": history, "m1": other]).count == 1)
    }

    @Test func aLostAcknowledgedWriteOrAnUnwrittenValueIsFound() {
        let lost = [put("k/0", "a", at: 2), put("k/0", "b", at: 3), put("k/1", "c", at: 4), put("k/1", "d", at: 6)]
        #expect(WatchChecks.historyHoldsTheWrites(history, operations: lost).count == 1)
        let unwritten = [put("k/0", "a", at: 2), put("k/0", "b", at: 3)]
        #expect(WatchChecks.historyHoldsTheWrites(history, operations: unwritten).count == 1)
    }

    @Test func aSerializableReadFromTheFutureIsFound() {
        let read = ClientOperation(client: 1, request: .read(key: "k/0", serializable: true), call: 10,
                                   outcome: .ok(.read(value: "a", modRevision: 2), returned: 20))
        #expect(HistoryChecks.serializableReads([put("k/0", "a", at: 2, call: 5, returned: 30), read]).isEmpty)
        #expect(HistoryChecks.serializableReads([put("k/0", "a", at: 2, call: 25, returned: 30), read]).count == 1)
    }

    @Test func revisionsThatDisagreeAreFound() {
        let read = ClientOperation(client: 1, request: .read(key: "k/0", serializable: false), call: 10,
                                   outcome: .ok(.read(value: "a", modRevision: 3), returned: 20))
        #expect(HistoryChecks.revisions([put("k/0", "a", at: 3), read]).isEmpty)
        #expect(HistoryChecks.revisions([put("k/0", "a", at: 2), read]).count == 1)
        #expect(HistoryChecks.revisions([put("k/0", "a", at: 2), put("k/1", "b", at: 2)]).count == 1)
    }

    @Test func aLeaseGoneBeforeItsTTLIsFound() {
        var record = LeaseRecord(lease: 0x1f, ttlSeconds: 3, key: "l/0", refreshed: 1_000_000_000)
        record.seenGone = [4_100_000_000]
        #expect(LeaseChecks.noEarlyExpiry([record]).isEmpty)
        record.seenGone = [3_900_000_000]
        #expect(LeaseChecks.noEarlyExpiry([record]).count == 1)
        record.revokeCalled = 3_000_000_000
        #expect(LeaseChecks.noEarlyExpiry([record]).isEmpty, "a revoked lease may go at once")
    }
}
