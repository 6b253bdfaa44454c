import Foundation
import Testing
@testable import MVCC

@Suite struct SnapshotStatusTests {
    @Test func readsABackupWithoutWritingBesideIt() throws {
        let scratch = ScratchDirectory()
        let store = TestStore(try openTestStore(scratch.file("store")))
        try store.put("a", "1")
        try store.put("a", "2")
        try store.put("b", "1")
        let snapshot = scratch.file("snapshot")
        try store.store.backup(to: snapshot)
        let status = try MVCCStore.snapshotStatus(path: snapshot)
        #expect(status.revision == 4)
        // Three revision records, three key marks, four meta counters.
        #expect(status.totalKeys == 10)
        #expect(status.totalSizeBytes == (try FileManager.default.attributesOfItem(atPath: snapshot)[.size] as? Int64))
        #expect(!FileManager.default.fileExists(atPath: snapshot + "-lock"), "a lock file was made")

        let copy = scratch.file("copy")
        try store.store.backup(to: copy)
        #expect(try MVCCStore.snapshotStatus(path: copy).hash == status.hash)
        try store.put("c", "1")
        try store.store.backup(to: copy)
        #expect(try MVCCStore.snapshotStatus(path: copy).hash != status.hash)
    }

    @Test func refusesWhatIsNotAStore() throws {
        let scratch = ScratchDirectory()
        let text = scratch.file("text")
        try Data("not a store".utf8).write(to: URL(fileURLWithPath: text))
        // MDB_INVALID: "File is not an LMDB file".
        #expect(throws: MVCCError.lmdb(-30793)) { try MVCCStore.snapshotStatus(path: text) }
        #expect(throws: MVCCError.self) { try MVCCStore.snapshotStatus(path: scratch.file("missing")) }
    }
}
