import Testing
@testable import WAL

struct WALReaderTests {
    @Test func recordsStatsAndVerifyOfAWholeWAL() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            for index in UInt64(1)...150 {
                try wal.save(hardState: WALHardState(term: 1, vote: 1, commit: index), entries: makeEntries(index...index, term: 1))
            }
            try wal.saveSnapshotMarker(WALSnapshotMarker(index: 100, term: 1))
            try wal.close()

            let reader = try WALReader(directory: directory)
            #expect(try reader.verify() == nil)
            let records = try locatedRecords(directory)
            for (record, next) in zip(records, records.dropFirst()) where record.segment == next.segment {
                #expect(next.offsetBytes == record.offsetBytes + record.frameBytes)
            }
            #expect(records.allSatisfy { $0.offsetBytes % 8 == 0 })
            #expect(records.first?.record == .crcCarry(previousCRC: 0))

            let stats = try reader.stats()
            let segmentCount = reader.segments.count
            #expect(stats.damage == nil)
            #expect(stats.segments.map(\.name) == reader.segments)
            #expect(stats.recordCounts[.crcCarry] == segmentCount)
            #expect(stats.recordCounts[.metadata] == segmentCount)
            #expect(stats.recordCounts[.entry] == 150)
            #expect(stats.recordCounts[.snapshotMarker] == 2)
            #expect(stats.recordCounts[.hardState] == 150 + segmentCount - 1)
            #expect(stats.firstIndex == 1)
            #expect(stats.lastIndex == 150)
            #expect(stats.totalBytes == segmentCount * smallSegmentBytes)
            let usedBytes = records.filter { $0.segment == reader.segments.last }.map { $0.offsetBytes + $0.frameBytes }.max()!
            #expect(stats.segments.last?.usedBytes == usedBytes)
            #expect(stats.unusedPreallocatedBytes == stats.segments.reduce(0) { $0 + $1.fileBytes - $1.usedBytes })
            #expect(stats.unusedPreallocatedBytes >= smallSegmentBytes - usedBytes)
        }
    }

    @Test func statsStopAtDamageAndSayWhere() throws {
        try withTemporaryDirectory { directory in
            let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
            try wal.save(hardState: nil, entries: makeEntries(1...150, term: 1))
            try wal.close()
            let victim = try locatedRecords(directory).first { $0.record == .entry(makeEntries(10...10, term: 1)[0]) }!
            let path = directory + "/" + victim.fileName
            try flipByte(in: path, at: victim.offsetBytes + 30)
            let stats = try WALReader(directory: directory).stats()
            #expect(stats.damage?.kind == .corruptRecord)
            #expect(stats.damage?.file == path)
            #expect(stats.damage?.offsetBytes == victim.offsetBytes)
            #expect(stats.lastIndex == 9)
            #expect(stats.segments.count == 1)
        }
    }

    @Test func readerLeavesTemporaryFilesAloneAndOpenRemovesThem() throws {
        try withTemporaryDirectory { directory in
            try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes).close()
            let leftover = directory + "/0000000000000001-0000000000000001.wal.tmp"
            try writeBytes([7, 7, 7], to: leftover)
            #expect(try WALReader(directory: directory).verify() == nil)
            #expect(FileIO.exists(leftover))
            _ = try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
            #expect(!FileIO.exists(leftover))
        }
    }

    @Test func formatDescriptionNamesEveryKindAndTheFrame() {
        for kind in WALRecordKind.allCases {
            #expect(WALFormat.description.contains("\(kind.rawValue) "))
        }
        #expect(WALFormat.description.contains("CRC-32C"))
        #expect(WALFormat.description.contains("<seq>-<first index>.wal"))
    }
}
