import Testing
@testable import MVCC

@Suite struct DefragmentTests {
    @Test func defragmentShrinksAndKeepsData() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        let value = [UInt8](repeating: 0x76, count: 2048)
        try store.apply((0..<600).map { .put(PutRequest(key: bytes("key-\($0)"), value: value)) })
        try store.apply(.deleteRange(DeleteRangeRequest(key: bytes("key-1"), rangeEnd: [0])))
        let revision = try store.store.state().revision
        try store.apply(.compact(revision: revision))
        let kept = try store.store.range(RangeRequest(key: [0], rangeEnd: [0]))
        #expect(kept.count == 1 && kept.kvs.first?.key == bytes("key-0"))
        let before = try store.store.status()
        #expect(before.dbSizeInUseBytes < before.dbSizeBytes, "compaction freed pages")

        let result = try store.store.defragment()
        #expect(result.sizeBeforeBytes == before.dbSizeBytes)
        #expect(result.sizeAfterBytes * 4 < result.sizeBeforeBytes)
        #expect(try store.store.range(RangeRequest(key: [0], rangeEnd: [0])) == kept)
        #expect(try store.store.state() == StoreState(revision: revision, compactRevision: revision, appliedIndex: 602))
        #expect(try store.put("after", "1").response?.revision == revision + 1)
        store.store.close()
    }
}
