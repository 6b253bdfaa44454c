import Testing
@testable import WAL

struct SnapshotFilesTests {
    private func snapshot(index: UInt64, term: UInt64) -> StoredSnapshot {
        StoredSnapshot(index: index, term: term, voters: [1, 2, 3], learners: [9],
                       data: (0..<5000).map { UInt8(truncatingIfNeeded: $0 &* Int(index)) })
    }

    @Test func saveAndLoadNewest() throws {
        try withTemporaryDirectory { root in
            let files = SnapshotFiles(directory: root + "/member/snap")
            #expect(try files.loadNewest(recordedIn: [.initial]).snapshot == nil)
            try files.save(snapshot(index: 100, term: 2))
            let name = try files.save(snapshot(index: 200, term: 3))
            #expect(name == "0000000000000003-00000000000000c8.snap")
            let loaded = try files.loadNewest(recordedIn: [.initial, marker(100, 2), marker(200, 3)])
            #expect(loaded.snapshot == snapshot(index: 200, term: 3))
            #expect(loaded.fileName == name)
            #expect(loaded.warnings.isEmpty)
            #expect(try FileIO.list(files.directory).sorted() == ["0000000000000002-0000000000000064.snap", name])
        }
    }

    @Test func damagedNewestFallsBackToAnOlderOne() throws {
        try withTemporaryDirectory { directory in
            let files = SnapshotFiles(directory: directory)
            try files.save(snapshot(index: 100, term: 2))
            let newest = try files.save(snapshot(index: 200, term: 3))
            try flipByte(in: directory + "/" + newest, at: 3000)
            let loaded = try files.loadNewest(recordedIn: [marker(100, 2), marker(200, 3)])
            #expect(loaded.snapshot == snapshot(index: 100, term: 2))
            #expect(loaded.warnings.count == 1)
            #expect(loaded.warnings.first?.contains(newest) == true)
            #expect(loaded.warnings.first?.contains("CRC mismatch") == true)
        }
    }

    @Test func aFileTheWALHasNoMarkerForIsSkipped() throws {
        try withTemporaryDirectory { directory in
            let files = SnapshotFiles(directory: directory)
            try files.save(snapshot(index: 100, term: 2))
            let orphan = try files.save(snapshot(index: 200, term: 3))
            try files.save(snapshot(index: 300, term: 2))
            // A marker at the orphan's index but another term does not vouch for it either.
            let loaded = try files.loadNewest(recordedIn: [marker(100, 2), marker(200, 2)])
            #expect(loaded.snapshot == snapshot(index: 100, term: 2))
            #expect(loaded.warnings.count == 2)
            #expect(loaded.warnings.contains { $0.contains(orphan) && $0.contains("no marker") })
            #expect(try files.loadNewest(recordedIn: []).snapshot == nil)
        }
    }

    private func marker(_ index: UInt64, _ term: UInt64) -> WALSnapshotMarker {
        WALSnapshotMarker(index: index, term: term)
    }

    @Test func truncatedFileIsRejected() throws {
        let bytes = snapshot(index: 5, term: 1).encoded()
        #expect(throws: SnapshotDecodingError.self) { try StoredSnapshot(decoding: Array(bytes.dropLast())) }
        #expect(throws: SnapshotDecodingError.self) { try StoredSnapshot(decoding: Array(bytes.prefix(20))) }
        #expect(try StoredSnapshot(decoding: bytes) == snapshot(index: 5, term: 1))
    }

    @Test func releaseKeepsTheNewest() throws {
        try withTemporaryDirectory { directory in
            let files = SnapshotFiles(directory: directory)
            for index in UInt64(1)...5 { try files.save(snapshot(index: index * 10, term: 1)) }
            let removed = try files.release(keeping: 2)
            #expect(removed == [SnapshotFiles.fileName(term: 1, index: 30), SnapshotFiles.fileName(term: 1, index: 20), SnapshotFiles.fileName(term: 1, index: 10)])
            #expect(try files.fileNames() == [SnapshotFiles.fileName(term: 1, index: 50), SnapshotFiles.fileName(term: 1, index: 40)])
        }
    }

    @Test func chunksReassembleTheFile() throws {
        try withTemporaryDirectory { directory in
            let files = SnapshotFiles(directory: directory)
            let name = try files.save(snapshot(index: 7, term: 1))
            let reader = try files.chunks(of: name, chunkBytes: 1000)
            var joined: [UInt8] = []
            var chunkCount = 0
            for _ in 0...reader.totalBytes {
                guard let chunk = try reader.next() else { break }
                #expect(chunk.count <= 1000)
                joined += chunk
                chunkCount += 1
            }
            #expect(chunkCount == (reader.totalBytes + 999) / 1000)
            #expect(joined == (try readBytes(directory + "/" + name)))
            #expect(try StoredSnapshot(decoding: joined) == snapshot(index: 7, term: 1))
        }
    }
}
