import Testing
@testable import MVCC

@Suite struct ApplyBatchTests {
    private static func put(_ index: UInt64, _ key: String, _ value: String) -> IndexedRequest {
        IndexedRequest(index: index, request: .put(PutRequest(key: bytes(key), value: bytes(value))))
    }

    @Test func replayingAppliedIndexesDoesNothing() throws {
        let scratch = ScratchDirectory()
        var store = try openTestStore(scratch.file("db"))
        #expect(try store.state() == StoreState(revision: 1, compactRevision: 0, appliedIndex: 0))
        #expect(try store.apply([Self.put(1, "a", "1"), Self.put(2, "b", "1")]).map(\.index) == [1, 2])
        #expect(try store.apply([Self.put(1, "a", "again"), Self.put(2, "b", "again")]).isEmpty)
        let applied = try store.apply([Self.put(2, "b", "again"), Self.put(3, "c", "1")])
        #expect(applied.map(\.index) == [3])
        #expect(applied.first?.response == .put(PutResponse(revision: 4)))
        #expect(try store.state() == StoreState(revision: 4, compactRevision: 0, appliedIndex: 3))
        #expect(try store.apply([], appliedThrough: 10).isEmpty)
        #expect(try store.apply([Self.put(9, "a", "late")], appliedThrough: 12).isEmpty)
        store.close()

        store = try openTestStore(scratch.file("db"))
        #expect(try store.state() == StoreState(revision: 4, compactRevision: 0, appliedIndex: 12))
        #expect(try store.range(RangeRequest(key: bytes("a"))).kvs.map(\.value) == [bytes("1")])
        store.close()
    }

    @Test func aFailedRequestDoesNotStopTheBatch() throws {
        let scratch = ScratchDirectory()
        let store = try openTestStore(scratch.file("db"))
        let batch = [
            Self.put(1, "a", "1"),
            IndexedRequest(index: 2, request: .put(PutRequest(key: bytes("b"), lease: 5))),
            IndexedRequest(index: 3, request: .txn(TxnRequest(success: [
                .put(PutRequest(key: bytes("x"))), .put(PutRequest(key: bytes("y"), ignoreValue: true)),
            ]))),
            Self.put(4, "c", "1"),
        ]
        let applied = try store.apply(batch)
        #expect(applied.map(\.error) == [nil, .leaseNotFound, .keyNotFound, nil])
        #expect(applied.map(\.events.count) == [1, 0, 0, 1])
        #expect(applied.last?.response?.revision == 3)
        #expect(try store.range(RangeRequest(key: bytes("x"))).kvs.isEmpty, "the failed txn's first put is not there")
        #expect(try store.state().appliedIndex == 4)
        store.close()
    }

    @Test func reopenKeepsCompactionAndLeases() throws {
        let scratch = ScratchDirectory()
        var store = TestStore(try openTestStore(scratch.file("db")))
        try store.apply(.leaseGrant(id: 11, ttl: 42))
        try store.put("a", "1", lease: 11)
        try store.put("a", "2", lease: 11)
        try store.apply(.compact(revision: 3))
        store.store.close()
        store = TestStore(try openTestStore(scratch.file("db")))
        #expect(try store.store.state() == StoreState(revision: 3, compactRevision: 3, appliedIndex: 4))
        #expect(try store.store.leases() == [Lease(id: 11, ttl: 42)])
        #expect(try store.store.leaseKeys(id: 11) == [bytes("a")])
        #expect(throws: MVCCError.compacted) { try store.get("a", revision: 2) }
        #expect(try store.put("a", "3").response == .put(PutResponse(revision: 4)))
        store.store.close()
    }
}
