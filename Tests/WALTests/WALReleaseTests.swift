import Testing
@testable import WAL

struct WALReleaseTests {
    /// Entries 1...300 over many small segments, with a snapshot marker at `markerIndex`.
    private func makeWAL(_ directory: String, markerIndex: UInt64) throws -> WAL {
        let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
        for batch in UInt64(0)..<30 {
            try wal.save(hardState: WALHardState(term: 1, vote: 1, commit: batch * 10), entries: makeEntries((batch * 10 + 1)...(batch * 10 + 10), term: 1))
            if batch * 10 + 10 == markerIndex + 10 { try wal.saveSnapshotMarker(WALSnapshotMarker(index: markerIndex, term: 1)) }
        }
        try wal.sync()
        return wal
    }

    @Test func releaseRemovesSegmentsBeforeTheSnapshotAndKeepsTheRest() throws {
        try withTemporaryDirectory { directory in
            let wal = try makeWAL(directory, markerIndex: 200)
            let before = try SegmentDirectory.segmentNames(in: directory)
            let removed = try wal.release(upTo: 200)
            let after = try SegmentDirectory.segmentNames(in: directory)
            #expect(!removed.isEmpty)
            #expect(before == removed + after)
            #expect(wal.segments == after)
            #expect(after[0].firstIndex <= 200)
            #expect(after.count > 1 ? after[1].firstIndex > 200 : true)
            try wal.save(hardState: nil, entries: makeEntries(301...305, term: 1))
            try wal.close()

            let opened = try WAL.open(directory: directory, after: WALSnapshotMarker(index: 200, term: 1), segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(201...305, term: 1))
            #expect(opened.hardState == WALHardState(term: 1, vote: 1, commit: 290))
            let oldSnapshot = #expect(throws: WALError.self) {
                try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            }
            #expect(oldSnapshot?.kind == .snapshotNotFound)
        }
    }

    @Test func releaseKeepsWhatTheLatestSnapshotAtOrBelowTheIndexNeeds() throws {
        try withTemporaryDirectory { directory in
            let wal = try makeWAL(directory, markerIndex: 100)
            try wal.release(upTo: 250)
            try wal.close()
            let opened = try WAL.open(directory: directory, after: WALSnapshotMarker(index: 100, term: 1), segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(101...300, term: 1))
        }
    }

    @Test func releaseWithoutASnapshotBelowTheIndexKeepsEverything() throws {
        try withTemporaryDirectory { directory in
            let wal = try makeWAL(directory, markerIndex: 200)
            let before = try SegmentDirectory.segmentNames(in: directory)
            #expect(try wal.release(upTo: 0).isEmpty)
            #expect(try wal.release(upTo: 199).isEmpty)
            #expect(try SegmentDirectory.segmentNames(in: directory) == before)
            #expect(try wal.release(upTo: 200).isEmpty == false)
            try wal.close()
        }
    }

    @Test func releaseNeverRemovesTheSegmentBeingAppended() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            try wal.save(hardState: nil, entries: makeEntries(1...100, term: 1))
            try wal.saveSnapshotMarker(WALSnapshotMarker(index: 100, term: 1))
            try wal.release(upTo: 100)
            let remaining = try SegmentDirectory.segmentNames(in: directory)
            #expect(remaining.count == 1)
            #expect(remaining == wal.segments)
            try wal.save(hardState: nil, entries: makeEntries(101...101, term: 1))
            try wal.close()
            let opened = try WAL.open(directory: directory, after: WALSnapshotMarker(index: 100, term: 1), segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(101...101, term: 1))
        }
    }
}
