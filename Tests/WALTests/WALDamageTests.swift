import Testing
@testable import WAL

/// Damage that is not a torn tail must stop open with the file, offset and expectation.
struct WALDamageTests {
    /// Entries 1...200 over several small segments.
    private func makeWAL(_ directory: String) throws {
        let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: smallSegmentBytes)
        for batch in UInt64(0)..<20 {
            try wal.save(hardState: WALHardState(term: 1, vote: 1, commit: batch * 10), entries: makeEntries((batch * 10 + 1)...(batch * 10 + 10), term: 1))
        }
        try wal.close()
        #expect(try segmentPaths(directory).count >= 4)
    }

    private func openError(_ directory: String) -> WALError? {
        #expect(throws: WALError.self) {
            try WAL.open(directory: directory, after: .initial, segmentBytes: smallSegmentBytes)
        }
    }

    @Test func flippedByteInTheMiddleOfTheLastSegment() throws {
        try withTemporaryDirectory { directory in
            try makeWAL(directory)
            let path = try segmentPaths(directory).last!
            let records = try locatedRecords(directory).filter { $0.fileName == String(path.split(separator: "/").last!) }
            let victim = records[records.count - 3]
            try flipByte(in: path, at: victim.offsetBytes + 16)
            let error = openError(directory)
            #expect(error?.kind == .corruptRecord)
            #expect(error?.file == path)
            #expect(error?.offsetBytes == victim.offsetBytes)
            #expect(error?.detail.contains("CRC mismatch") == true)
            #expect(try WALReader(directory: directory).verify() == error)
        }
    }

    @Test func flippedByteInTheLastRecordOfAnOlderSegment() throws {
        try withTemporaryDirectory { directory in
            try makeWAL(directory)
            let path = try segmentPaths(directory)[1]
            let victim = try locatedRecords(directory).last { $0.fileName == String(path.split(separator: "/").last!) }!
            try flipByte(in: path, at: victim.offsetBytes + victim.frameBytes - 12)
            let error = openError(directory)
            #expect(error?.kind == .corruptRecord)
            #expect(error?.file == path)
            #expect(error?.offsetBytes == victim.offsetBytes)
        }
    }

    @Test func zeroedRecordBeforeValidOnesIsNotTheEnd() throws {
        try withTemporaryDirectory { directory in
            try makeWAL(directory)
            let path = try segmentPaths(directory).last!
            let records = try locatedRecords(directory).filter { $0.fileName == String(path.split(separator: "/").last!) }
            let victim = records[records.count - 4]
            var bytes = try readBytes(path)
            bytes.replaceSubrange(victim.offsetBytes..<(victim.offsetBytes + victim.frameBytes), with: repeatElement(0, count: victim.frameBytes))
            try writeBytes(bytes, to: path)
            let error = openError(directory)
            #expect(error?.kind == .corruptRecord)
            #expect(error?.offsetBytes == victim.offsetBytes)
        }
    }

    @Test func missingMiddleSegment() throws {
        try withTemporaryDirectory { directory in
            try makeWAL(directory)
            let paths = try segmentPaths(directory)
            try FileIO.remove(paths[1])
            let error = openError(directory)
            #expect(error?.kind == .sequenceGap)
            #expect(error?.file == paths[2])
            #expect(error?.offsetBytes == 0)
            #expect(error?.description.contains("expected 1") == true)
        }
    }

    @Test func badFileName() throws {
        try withTemporaryDirectory { directory in
            try makeWAL(directory)
            try writeBytes([1, 2, 3], to: directory + "/0000000000000001.wal")
            let error = openError(directory)
            #expect(error?.kind == .badFileName)
            #expect(error?.file == directory + "/0000000000000001.wal")
        }
    }

    @Test func indexGap() throws {
        try withTemporaryDirectory { directory in
            let entries = makeEntries(1...2, term: 1) + makeEntries(4...5, term: 1)
            let segment = craftSegment(previousCRC: 0, metadata: testMetadata,
                                       records: [.snapshotMarker(.initial)] + entries.map { .entry($0) })
            let path = directory + "/" + WALSegmentName(sequence: 0, firstIndex: 0).fileName
            try writeBytes(segment.bytes, to: path)
            let gapAt = try #require(segment.bytes.withUnsafeBytes { SegmentScan($0, incomingCRC: nil) }.records.first {
                $0.record == .entry(entries[2])
            })
            let error = openError(directory)
            #expect(error?.kind == .indexGap)
            #expect(error?.file == path)
            #expect(error?.offsetBytes == gapAt.offsetBytes)
            #expect(try WALReader(directory: directory).verify() == error)
        }
    }

    @Test func metadataMismatchBetweenSegments() throws {
        try withTemporaryDirectory { directory in
            let first = craftSegment(previousCRC: 0, metadata: testMetadata,
                                     records: [.snapshotMarker(.initial)] + makeEntries(1...3, term: 1).map { .entry($0) })
            let other = WALMetadata(memberID: 0x1111, clusterID: 0x9999)
            let second = craftSegment(previousCRC: first.crc, metadata: other, records: makeEntries(4...5, term: 1).map { .entry($0) })
            let secondPath = directory + "/" + WALSegmentName(sequence: 1, firstIndex: 4).fileName
            try writeBytes(first.bytes, to: directory + "/" + WALSegmentName(sequence: 0, firstIndex: 0).fileName)
            try writeBytes(second.bytes, to: secondPath)
            let error = openError(directory)
            #expect(error?.kind == .metadataMismatch)
            #expect(error?.file == secondPath)
            #expect(error?.offsetBytes == RecordFrame.frameBytes(bodyBytes: 4))
        }
    }

    @Test func brokenChainBetweenSegments() throws {
        try withTemporaryDirectory { directory in
            let first = craftSegment(previousCRC: 0, metadata: testMetadata,
                                     records: [.snapshotMarker(.initial)] + makeEntries(1...3, term: 1).map { .entry($0) })
            let second = craftSegment(previousCRC: first.crc ^ 1, metadata: testMetadata, records: makeEntries(4...5, term: 1).map { .entry($0) })
            let secondPath = directory + "/" + WALSegmentName(sequence: 1, firstIndex: 4).fileName
            try writeBytes(first.bytes, to: directory + "/" + WALSegmentName(sequence: 0, firstIndex: 0).fileName)
            try writeBytes(second.bytes, to: secondPath)
            let error = openError(directory)
            #expect(error?.kind == .corruptRecord)
            #expect(error?.file == secondPath)
            #expect(error?.offsetBytes == 0)
        }
    }
}
