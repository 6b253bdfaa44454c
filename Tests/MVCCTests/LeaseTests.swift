import Testing
@testable import MVCC

@Suite struct LeaseTests {
    @Test func revokeDeletesItsKeysAtOneRevision() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.apply(.leaseGrant(id: 7, ttl: 30))
        try store.apply(.leaseGrant(id: 8, ttl: 60))
        try store.put("b", "1", lease: 7)
        try store.put("a", "1", lease: 7)
        try store.put("c", "1")
        try store.put("d", "1", lease: 7)
        try store.put("d", "2")  // moves d off the lease
        try store.put("e", "1", lease: 7)
        try store.apply(.put(PutRequest(key: bytes("e"), value: bytes("2"), lease: 8)))
        try store.apply(.put(PutRequest(key: bytes("f"), value: bytes("1"), lease: 7)))
        try store.apply(.deleteRange(DeleteRangeRequest(key: bytes("f"))))
        #expect(try store.store.leaseKeys(id: 7) == [bytes("a"), bytes("b")])
        #expect(try store.store.leaseKeys(id: 8) == [bytes("e")])
        let before = try store.store.state().revision

        let revoked = try store.apply(.leaseRevoke(id: 7))
        #expect(revoked.response == .leaseRevoke(revision: before + 1))
        #expect(revoked.events.map(\.type) == [.delete, .delete])
        #expect(revoked.events.map(\.kv.key) == [bytes("a"), bytes("b")])
        #expect(revoked.events.allSatisfy { $0.kv.modRevision == before + 1 && $0.prevKV?.lease == 7 })
        #expect(try store.store.state().revision == before + 1)
        #expect(try store.get("a") == nil && store.get("b") == nil)
        #expect(try store.get("c") != nil && store.get("d")?.lease == 0)
        #expect(try store.store.leases() == [Lease(id: 8, ttl: 60)])
        #expect(throws: MVCCError.leaseNotFound) { try store.store.leaseKeys(id: 7) }

        let empty = try store.apply(.leaseRevoke(id: 8))
        #expect(empty.events.count == 1)
        try store.apply(.leaseGrant(id: 9, ttl: 5))
        let noKeys = try store.apply(.leaseRevoke(id: 9))
        #expect(noKeys.response == .leaseRevoke(revision: before + 2), "revoking a lease without keys keeps the revision")
    }

    @Test func ignoreLeaseKeepsTheLease() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.apply(.leaseGrant(id: -3, ttl: 10))
        try store.put("k", "1", lease: -3)
        try store.apply(.put(PutRequest(key: bytes("k"), value: bytes("2"), ignoreLease: true)))
        try store.apply(.put(PutRequest(key: bytes("k"), ignoreValue: true, ignoreLease: true)))
        let kv = try store.get("k")
        #expect(kv?.lease == -3 && kv?.value == bytes("2") && kv?.version == 3)
        #expect(try store.store.leaseKeys(id: -3) == [bytes("k")])
    }
}
