import Foundation
@testable import Member
import Raft
import Testing
import WAL

struct DurableLogTests {
    /// A snapshot file is made durable before its WAL marker (so that no marker ever lacks its
    /// file); a kill -9 between the two leaves a file the WAL knows nothing of. The member must
    /// start from the newest snapshot the WAL records, as if the newer one had never been taken.
    @Test func aSnapshotFileWithoutItsWALMarkerIsPassedOver() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-durable-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let layout = DurableLog.Layout(walDirectory: root + "/wal", snapshotDirectory: root + "/snap")
        let voters: [NodeID] = [1, 2, 3]
        let founding = voters.map { ConfChange(kind: .addNode, nodeID: $0) }
        let log = try DurableLog.create(layout: layout, metadata: WALMetadata(memberID: 1, clusterID: 7), founding: founding)
        try log.compact(upTo: 2, confState: ConfState(voters: voters), data: [2], keepingEntries: 0)
        try log.close()
        // The kill came after the file of the snapshot at index 3 was synced, before its marker.
        try SnapshotFiles(directory: layout.snapshotDirectory).save(
            StoredSnapshot(index: 3, term: 1, voters: voters, data: [3]))

        let (reopened, metadata) = try DurableLog.open(layout: layout)
        #expect(metadata.memberID == 1)
        let snapshot = try reopened.storage.snapshot()
        #expect(snapshot.metadata.index == 2)
        #expect(snapshot.data == [2])
        #expect(reopened.storage.lastIndex() == 3)
        #expect(reopened.warnings.contains { $0.contains(SnapshotFiles.fileName(term: 1, index: 3)) && $0.contains("marker") })
        try reopened.close()
    }
}
