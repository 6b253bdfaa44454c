import Checksum
import Testing
@testable import MVCC

@Suite struct HashAndStatusTests {
    @Test func crc32cKnownAnswer() {
        #expect(CRC32C.update(0, bytes("123456789")) == 0xE306_9283)
        #expect(CRC32C.update(CRC32C.update(0, bytes("1234")), bytes("56789")) == 0xE306_9283)
    }

    @Test func hashFollowsTheHistory() throws {
        let scratch = ScratchDirectory()
        let first = TestStore(try openTestStore(scratch.file("first")))
        let second = TestStore(try openTestStore(scratch.file("second")))
        let empty = try first.store.hashKV().hash
        for store in [first, second] {
            try store.put("a", "1")
            try store.put("b", "1")
        }
        let atThree = try first.store.hashKV()
        #expect(atThree.hash == (try second.store.hashKV().hash))
        #expect(atThree.hash != empty && atThree.hashRevision == 3)
        try first.put("a", "2")
        try second.put("a", "other")
        #expect(try first.store.hashKV().hash != second.store.hashKV().hash)
        #expect(try first.store.hashKV(revision: 3).hash == atThree.hash, "later writes leave an old hash alone")
        #expect(try first.store.hashKV(revision: 3).revision == 4)
    }

    @Test func compactionRemovesTombstonesPhysically() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        let empty = try store.store.hashKV().hash
        try store.put("a", "1")
        try store.put("a", "2")
        try store.apply(.deleteRange(DeleteRangeRequest(key: bytes("a"))))
        try store.apply(.compact(revision: 4))
        let compacted = try store.store.hashKV()
        #expect(compacted.hash == empty, "nothing of a deleted key survives compaction")
        #expect(compacted.compactRevision == 4)
    }

    @Test func statusReportsSizes() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("db")))
        try store.put("a", "1")
        let status = try store.store.status()
        #expect(status.revision == 2 && status.appliedIndex == 1 && status.compactRevision == 0)
        #expect(status.dbSizeBytes > 0 && status.dbSizeInUseBytes > 0)
        #expect(status.dbSizeInUseBytes <= status.dbSizeBytes)
    }
}
