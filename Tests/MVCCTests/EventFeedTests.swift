import Testing
@testable import MVCC

@Suite struct EventFeedTests {
    @Test func eventsFromARevision() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("a", "1")  // 2
        try store.put("b", "1")  // 3
        try store.put("a", "2")  // 4
        try store.apply(.deleteRange(DeleteRangeRequest(key: bytes("a"))))  // 5
        let txn = try store.apply(.txn(TxnRequest(success: [
            .put(PutRequest(key: bytes("d"), value: bytes("1"))), .put(PutRequest(key: bytes("c"), value: bytes("1"))),
        ])))  // 6
        #expect(txn.events.map(\.kv.key) == [bytes("d"), bytes("c")], "apply reports events in sub-revision order")

        let all = try store.store.events(fromRevision: 3, key: [0], rangeEnd: [0], prevKV: true)
        #expect(all.revision == 6)
        #expect(all.events.map(\.type) == [.put, .put, .delete, .put, .put])
        #expect(all.events.map(\.kv.modRevision) == [3, 4, 5, 6, 6])
        #expect(all.events.map(\.kv.key) == [bytes("b"), bytes("a"), bytes("a"), bytes("d"), bytes("c")])
        #expect(all.events[1].prevKV?.value == bytes("1") && all.events[1].prevKV?.modRevision == 2)
        #expect(all.events[2].prevKV?.value == bytes("2"), "a delete carries the deleted value")
        #expect(all.events[2].kv == KeyValue(key: bytes("a"), createRevision: 0, modRevision: 5, version: 0, value: []))
        #expect(all.events[0].prevKV == nil)
        #expect(Array(all.events.suffix(2)) == txn.events, "the feed replays what apply reported")

        let onlyA = try store.store.events(fromRevision: 0, key: bytes("a"))
        #expect(onlyA.events.map(\.kv.modRevision) == [2, 4, 5])
        #expect(onlyA.events.allSatisfy { $0.prevKV == nil }, "prevKV only when asked")

        let limited = try store.store.events(fromRevision: 2, key: [0], rangeEnd: [0], limit: 4)
        #expect(limited.events.map(\.kv.modRevision) == [2, 3, 4, 5])
        #expect(limited.revision == 5)
        let whole = try store.store.events(fromRevision: 2, key: [0], rangeEnd: [0], limit: 5)
        #expect(whole.events.count == 6, "a revision's events are never split")

        #expect(try store.apply(.compact(revision: 4)).error == nil)
        #expect(throws: MVCCError.compacted) { try store.store.events(fromRevision: 4, key: [0], rangeEnd: [0]) }
        let afterCompaction = try store.store.events(fromRevision: 5, key: bytes("a"), prevKV: true)
        #expect(afterCompaction.events.first?.prevKV?.modRevision == 4, "the record kept by compaction")
    }
}
