import Foundation
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

@Suite struct BackupTests {
    @Test func aBackupRestoresEverythingIntoAnotherStore() throws {
        let scratch = ScratchDirectory()
        let source = TestStore(try openTestStore(scratch.file("source")))
        let target = TestStore(try openTestStore(scratch.file("target")))
        try source.put("k", "v")
        try source.put("k", "v2")
        try target.put("other", "x")
        try source.store.backup(to: scratch.file("backup"))
        try target.store.restore(from: scratch.file("backup"))
        #expect(try target.store.state() == source.store.state())
        #expect(try target.get("k")?.value == bytes("v2"))
        #expect(try target.get("k", revision: 2)?.value == bytes("v"))
        #expect(try target.get("other") == nil)
        #expect(!FileManager.default.fileExists(atPath: scratch.file("backup")), "the backup was copied, not moved in")
        source.store.close()
        target.store.close()
    }
}
