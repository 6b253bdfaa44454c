import Testing
@testable import MVCC

@Suite struct RangeTests {
    static let keys: [[UInt8]] = [[0x00], bytes("a"), bytes("a") + [0], bytes("ab"), bytes("b"), [0xFF], [0xFF, 0x00]]

    private func storeWithKeys(_ scratch: ScratchDirectory) throws -> TestStore {
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.apply(Self.keys.map { .put(PutRequest(key: $0, value: $0)) })
        return store
    }

    private func range(_ store: TestStore, _ key: [UInt8], _ rangeEnd: [UInt8]) throws -> [[UInt8]] {
        try store.store.range(RangeRequest(key: key, rangeEnd: rangeEnd)).kvs.map(\.key)
    }

    @Test func rangeEndSemantics() throws {
        let scratch = ScratchDirectory()
        let store = try storeWithKeys(scratch)
        #expect(try range(store, [0], [0]) == Self.keys, "\\0 to \\0 is every key")
        #expect(try range(store, bytes("a"), [0]) == Array(Self.keys[1...]), "\\0 end is every key >= key")
        #expect(try range(store, bytes("a"), bytes("b")) == [bytes("a"), bytes("a") + [0], bytes("ab")], "prefix end")
        #expect(try range(store, bytes("a"), []) == [bytes("a")], "empty end is the key alone")
        #expect(try range(store, bytes("b"), bytes("a")).isEmpty, "an end below the key is empty")
        #expect(try range(store, [0xFF], [0xFF, 0x00]) == [[0xFF]])
        #expect(try range(store, bytes("a") + [0], bytes("ab")) == [bytes("a") + [0]])
        #expect(try range(store, bytes("zz"), []).isEmpty)
    }

    @Test func limitCountAndMore() throws {
        let scratch = ScratchDirectory()
        let store = try storeWithKeys(scratch)
        let limited = try store.store.range(RangeRequest(key: [0], rangeEnd: [0], limit: 2))
        #expect(limited.kvs.map(\.key) == Array(Self.keys.prefix(2)))
        #expect(limited.more && limited.count == 7 && limited.revision == 8)
        let exact = try store.store.range(RangeRequest(key: [0], rangeEnd: [0], limit: 7))
        #expect(!exact.more && exact.kvs.count == 7)
        let counted = try store.store.range(RangeRequest(key: [0], rangeEnd: [0], countOnly: true))
        #expect(counted.kvs.isEmpty && counted.count == 7 && !counted.more)
        let keysOnly = try store.store.range(RangeRequest(key: bytes("a"), keysOnly: true))
        #expect(keysOnly.kvs.map(\.value) == [[]] && keysOnly.kvs.map(\.key) == [bytes("a")])
    }

    @Test func sortAndFilters() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("a", "3")  // 2
        try store.put("b", "1")  // 3
        try store.put("c", "2")  // 4
        try store.put("a", "3")  // 5: a is at version 2
        func keys(_ request: RangeRequest) throws -> [String] {
            try store.store.range(request).kvs.map { String(decoding: $0.key, as: UTF8.self) }
        }
        let all = RangeRequest(key: [0], rangeEnd: [0])
        var request = all
        request.sortTarget = .value
        request.sortOrder = .ascend
        #expect(try keys(request) == ["b", "c", "a"])
        request.sortOrder = .descend
        #expect(try keys(request) == ["a", "c", "b"])
        request.sortTarget = .version
        #expect(try keys(request) == ["a", "b", "c"], "ties stay in key order")
        request.sortTarget = .key
        #expect(try keys(request) == ["c", "b", "a"])
        request.sortOrder = .none
        request.sortTarget = .mod
        #expect(try keys(request) == ["b", "c", "a"], "no order with a target sorts ascending")
        request = all
        request.minModRevision = 3
        request.maxModRevision = 4
        #expect(try keys(request) == ["b", "c"])
        request = all
        request.maxCreateRevision = 3
        request.limit = 1
        let filtered = try store.store.range(request)
        #expect(filtered.kvs.map(\.key) == [bytes("a")] && filtered.more && filtered.count == 3)
    }

    @Test func oldRevisionsOfALongHistory() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("k0", "left")  // 2
        let versions = 1500
        // Enough marks for one key that LMDB moves them to their own subtree.
        try store.apply((1...versions).map { .put(PutRequest(key: bytes("k1"), value: bytes("\($0)"))) })
        try store.put("k2", "right")  // 1503
        for revision in stride(from: 3, through: 1502, by: 37) {
            let response = try store.store.range(RangeRequest(key: bytes("k"), rangeEnd: bytes("l"), revision: Int64(revision)))
            #expect(response.kvs.map(\.key) == [bytes("k0"), bytes("k1")])
            #expect(response.kvs.last?.version == Int64(revision - 2))
            #expect(response.kvs.last?.value == bytes("\(revision - 2)"))
        }
        #expect(try store.get("k1", revision: 2) == nil)
        #expect(try store.apply(.compact(revision: 1000)).error == nil)
        #expect(try store.get("k1", revision: 1000)?.version == 998)
        #expect(try store.store.range(RangeRequest(key: bytes("k"), rangeEnd: bytes("l"))).kvs.count == 3)
    }
}
