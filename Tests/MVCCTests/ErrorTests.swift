import Testing
@testable import MVCC

@Suite struct ErrorTests {
    @Test func descriptionsAreEtcdsMessages() {
        let messages: [(MVCCError, String)] = [
            (.compacted, "mvcc: required revision has been compacted"),
            (.futureRevision, "mvcc: required revision is a future revision"),
            (.keyNotFound, "etcdserver: key not found"),
            (.leaseNotFound, "etcdserver: requested lease not found"),
            (.leaseExists, "etcdserver: lease already exists"),
            (.leaseTTLTooLarge, "etcdserver: too large lease TTL"),
            (.duplicateKey, "etcdserver: duplicate key given in txn request"),
            (.emptyKey, "etcdserver: key is not provided"),
            (.keyTooLarge, "etcdserver: request is too large"),
        ]
        for (error, message) in messages {
            #expect(error.description == message)
        }
    }

    @Test func putAndLeaseErrors() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("a", "1")
        #expect(try store.apply(.put(PutRequest(key: bytes("missing"), ignoreValue: true))).error == .keyNotFound)
        #expect(try store.apply(.put(PutRequest(key: bytes("missing"), ignoreLease: true))).error == .keyNotFound)
        #expect(try store.apply(.put(PutRequest(key: bytes("a"), value: bytes("x"), lease: 42))).error == .leaseNotFound)
        #expect(try store.apply(.leaseRevoke(id: 42)).error == .leaseNotFound)
        #expect(try store.apply(.leaseGrant(id: 5, ttl: 10)).error == nil)
        #expect(try store.apply(.leaseGrant(id: 5, ttl: 20)).error == .leaseExists)
        #expect(try store.apply(.leaseGrant(id: 0, ttl: 10)).error == .leaseNotFound)
        #expect(try store.apply(.leaseGrant(id: 6, ttl: 9_000_000_001)).error == .leaseTTLTooLarge)
        #expect(try store.apply(.put(PutRequest(key: []))).error == .emptyKey)
        let longKey = [UInt8](repeating: 0x6B, count: store.store.maxKeyBytes + 1)
        #expect(try store.apply(.put(PutRequest(key: longKey))).error == .keyTooLarge)
        #expect(try store.apply(.put(PutRequest(key: Array(longKey.dropLast())))).error == nil)
        // Only the first put and the last changed anything; the lease grant changes no revision.
        #expect(try store.store.state().revision == 3)
        #expect(try store.get("a")?.value == bytes("1"))
        #expect(try store.store.lease(id: 5) == Lease(id: 5, ttl: 10))
    }

    @Test func revisionErrors() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("a", "1")
        try store.put("a", "2")
        try store.put("a", "3")
        #expect(try store.apply(.compact(revision: 5)).error == .futureRevision)
        #expect(try store.apply(.compact(revision: 3)).response == .compact(revision: 4))
        #expect(try store.apply(.compact(revision: 3)).error == .compacted)
        #expect(try store.apply(.compact(revision: 2)).error == .compacted)
        #expect(throws: MVCCError.compacted) { try store.store.range(RangeRequest(key: bytes("a"), revision: 2)) }
        #expect(throws: MVCCError.futureRevision) { try store.store.range(RangeRequest(key: bytes("a"), revision: 5)) }
        #expect(try store.get("a", revision: 3)?.value == bytes("2"))
        #expect(throws: MVCCError.compacted) { try store.store.events(fromRevision: 3, key: bytes("a")) }
        #expect(try store.store.events(fromRevision: 4, key: bytes("a")).events.map(\.kv.value) == [bytes("3")])
        #expect(throws: MVCCError.compacted) { try store.store.hashKV(revision: 2) }
        #expect(throws: MVCCError.futureRevision) { try store.store.hashKV(revision: 5) }
        let txn = TxnRequest(success: [.range(RangeRequest(key: bytes("a"), revision: 2))])
        #expect(try store.apply(.txn(txn)).error == .compacted)
    }

    @Test func closedStoreRefusesWork() throws {
        let scratch = ScratchDirectory()
        let store = try openTestStore(scratch.file("db"))
        store.close()
        #expect(throws: MVCCError.closed) { try store.range(RangeRequest(key: bytes("a"))) }
        #expect(throws: MVCCError.closed) { try store.apply([IndexedRequest(index: 1, request: .compact(revision: 1))]) }
    }
}
