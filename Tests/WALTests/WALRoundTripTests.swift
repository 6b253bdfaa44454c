import Testing
@testable import WAL

struct WALRoundTripTests {
    @Test func createThenOpenReturnsWhatWasSaved() throws {
        try withTemporaryDirectory { root in
            let directory = root + "/member/wal"
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: 64 * 1024)
            #expect(try segmentPaths(directory).map { String($0.split(separator: "/").last!) } == ["0000000000000000-0000000000000000.wal"])
            let state = WALHardState(term: 2, vote: 1, commit: 3)
            try wal.save(hardState: state, entries: makeEntries(1...5, term: 2))
            try wal.sync()
            try wal.close()

            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: 64 * 1024)
            #expect(opened.metadata == testMetadata)
            #expect(opened.hardState == state)
            #expect(opened.entries == makeEntries(1...5, term: 2))
            #expect(opened.warnings.isEmpty)
            #expect(opened.wal.lastIndex == 5)
        }
    }

    /// The founding log goes into the first segment's head, which appears whole or not at
    /// all; appends follow it as they would any record.
    @Test func foundingEntriesAndHardStateAreInTheFirstSegment() throws {
        try withTemporaryDirectory { directory in
            let founding = WALHardState(term: 1, vote: 0, commit: 3)
            let wal = try WAL.create(directory: directory, metadata: testMetadata, entries: makeEntries(1...3, term: 1),
                                     hardState: founding, segmentBytes: smallSegmentBytes)
            #expect(wal.lastIndex == 3)
            try wal.save(hardState: nil, entries: makeEntries(4...4, term: 2))
            try wal.close()
            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            #expect(opened.hardState == founding)
            #expect(opened.entries == makeEntries(1...3, term: 1) + makeEntries(4...4, term: 2))
        }
    }

    @Test func freshWALOpensEmpty() throws {
        try withTemporaryDirectory { directory in
            try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes).close()
            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            #expect(opened.entries.isEmpty)
            #expect(opened.hardState == nil)
            #expect(try readBytes(try segmentPaths(directory)[0]).count == smallSegmentBytes)
        }
    }

    @Test func createRefusesADirectoryWithSegments() throws {
        try withTemporaryDirectory { directory in
            try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes).close()
            #expect(throws: WALError.self) {
                try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            }
        }
    }

    @Test func groupCommitWritesOnlyOnSync() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: 64 * 1024)
            let headRecordCount = try locatedRecords(directory).count
            for batch in 0..<4 {
                let first = UInt64(batch * 3 + 1)
                try wal.save(hardState: WALHardState(term: 1, vote: 1, commit: first), entries: makeEntries(first...(first + 2), term: 1))
            }
            #expect(try locatedRecords(directory).count == headRecordCount)
            try wal.sync()
            let records = try locatedRecords(directory)
            #expect(records.count == headRecordCount + 4 * 4)
            #expect(records.last?.record == .hardState(WALHardState(term: 1, vote: 1, commit: 10)))
            try wal.close()
        }
    }

    @Test func appendsAfterReopenContinueTheLog() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            try wal.save(hardState: nil, entries: makeEntries(1...3, term: 1))
            try wal.close()
            let reopened = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes).wal
            try reopened.save(hardState: WALHardState(term: 1, vote: 0, commit: 4), entries: makeEntries(4...6, term: 1))
            try reopened.close()
            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(1...6, term: 1))
            #expect(opened.hardState?.commit == 4)
            #expect(try WALReader(directory: directory).verify() == nil)
        }
    }

    @Test func segmentsAreCutWhenFullAndReadAcross() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            for index in UInt64(1)...300 {
                try wal.save(hardState: WALHardState(term: 1, vote: 1, commit: index - 1), entries: makeEntries(index...index, term: 1))
            }
            try wal.close()
            let names = try SegmentDirectory.segmentNames(in: directory)
            #expect(names.count > 5)
            #expect(names.map(\.sequence) == (0..<UInt64(names.count)).map { $0 })
            for (name, path) in zip(names, try segmentPaths(directory)) {
                #expect(try readBytes(path).count == smallSegmentBytes)
                if name.sequence > 0 {
                    let firstEntry = try WALReader(directory: directory).firstEntry(in: name)
                    #expect(firstEntry == name.firstIndex)
                }
            }
            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(1...300, term: 1))
            #expect(opened.hardState?.commit == 299)
        }
    }

    @Test func aRecordLargerThanASegmentGetsOneOfItsOwn() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            let large = makeEntries(2...2, term: 1, dataBytes: 3 * smallSegmentBytes)
            try wal.save(hardState: nil, entries: makeEntries(1...1, term: 1) + large + makeEntries(3...4, term: 1))
            try wal.close()
            let paths = try segmentPaths(directory)
            #expect(paths.count == 3)
            #expect(try readBytes(paths[1]).count > 3 * smallSegmentBytes)
            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(1...1, term: 1) + large + makeEntries(3...4, term: 1))
        }
    }

    @Test func overwrittenTailIsReplaced() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            try wal.save(hardState: nil, entries: makeEntries(1...60, term: 1))
            try wal.sync()
            try wal.save(hardState: nil, entries: makeEntries(40...45, term: 2))
            try wal.save(hardState: nil, entries: makeEntries(44...44, term: 3))
            try wal.close()
            #expect(try SegmentDirectory.segmentNames(in: directory).count > 1)
            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(1...39, term: 1) + makeEntries(40...43, term: 2) + makeEntries(44...44, term: 3))
            #expect(opened.wal.lastIndex == 44)
        }
    }

    @Test func openAfterASnapshotMarker() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            try wal.save(hardState: nil, entries: makeEntries(1...40, term: 1))
            try wal.saveSnapshotMarker(WALSnapshotMarker(index: 30, term: 1))
            try wal.save(hardState: WALHardState(term: 2, vote: 2, commit: 40), entries: makeEntries(41...80, term: 2))
            try wal.close()

            let opened = try WAL.open(directory: directory, after: WALSnapshotMarker(index: 30, term: 1), segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(31...40, term: 1) + makeEntries(41...80, term: 2))
            #expect(opened.hardState == WALHardState(term: 2, vote: 2, commit: 40))

            let wrongTerm = #expect(throws: WALError.self) {
                try WAL.open(directory: directory, after: WALSnapshotMarker(index: 30, term: 2), segmentBytes: smallSegmentBytes)
            }
            #expect(wrongTerm?.kind == .snapshotMismatch)
            let unknown = #expect(throws: WALError.self) {
                try WAL.open(directory: directory, after: WALSnapshotMarker(index: 35, term: 1), segmentBytes: smallSegmentBytes)
            }
            #expect(unknown?.kind == .snapshotNotFound)
        }
    }

    @Test func snapshotInstalledAheadOfTheLogContinuesAfterIt() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            try wal.save(hardState: nil, entries: makeEntries(1...10, term: 1))
            try wal.saveSnapshotMarker(WALSnapshotMarker(index: 50, term: 3))
            try wal.save(hardState: nil, entries: makeEntries(51...55, term: 3))
            try wal.close()
            let opened = try WAL.open(directory: directory, after: WALSnapshotMarker(index: 50, term: 3), segmentBytes: smallSegmentBytes)
            #expect(opened.entries == makeEntries(51...55, term: 3))
            #expect(try WALReader(directory: directory).verify() == nil)
        }
    }
}

extension WALReader {
    /// The index of the first entry in one segment, if it has any.
    func firstEntry(in segment: WALSegmentName) throws -> UInt64? {
        var first: UInt64?
        try forEachRecord { located in
            if located.segment == segment, first == nil, case .entry(let entry) = located.record { first = entry.index }
        }
        return first
    }
}
