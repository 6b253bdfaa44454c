import Testing
@testable import WAL

/// A crash mid-write leaves the last record torn; open must cut it off, warn, and let
/// appends continue, and never lose a record that was whole.
struct WALTornTailTests {
    private let segmentBytes = 64 * 1024

    /// A WAL with entries 1...5 whose last record is entry 6; returns the segment path and
    /// the last record's place.
    private func makeWAL(_ directory: String) throws -> (path: String, last: WALLocatedRecord) {
        let wal = try WAL.create(directory: directory, metadata: testMetadata, segmentBytes: segmentBytes)
        try wal.save(hardState: WALHardState(term: 1, vote: 1, commit: 5), entries: makeEntries(1...5, term: 1))
        try wal.save(hardState: nil, entries: makeEntries(6...6, term: 1))
        try wal.close()
        let last = try #require(try locatedRecords(directory).last)
        #expect(last.record == .entry(makeEntries(6...6, term: 1)[0]))
        return (try segmentPaths(directory)[0], last)
    }

    /// Opens the damaged WAL, expects the torn record gone, appends, and reads it all back.
    private func expectRepaired(_ directory: String, tornAt offsetBytes: Int, _ comment: Comment) throws {
        let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: segmentBytes)
        #expect(opened.entries == makeEntries(1...5, term: 1), comment)
        #expect(opened.hardState?.commit == 5, comment)
        #expect(opened.warnings.count == 1, comment)
        #expect(opened.warnings.first?.contains("byte offset \(offsetBytes)") == true, comment)
        let replacement = makeEntries(6...7, term: 2)
        try opened.wal.save(hardState: WALHardState(term: 2, vote: 1, commit: 7), entries: replacement)
        try opened.wal.close()
        let reopened = try WAL.open(directory: directory, after: .initial, segmentBytes: segmentBytes)
        #expect(reopened.entries == makeEntries(1...5, term: 1) + replacement, comment)
        #expect(reopened.warnings.isEmpty, comment)
        #expect(try WALReader(directory: directory).verify() == nil, comment)
    }

    @Test func fileCutAtEveryOffsetInsideTheLastRecord() throws {
        try withTemporaryDirectory { directory in
            let (path, last) = try makeWAL(directory)
            let pristine = try readBytes(path)
            for cutBytes in (last.offsetBytes + 1)..<(last.offsetBytes + last.frameBytes) {
                try writeBytes(Array(pristine.prefix(cutBytes)), to: path)
                try expectRepaired(directory, tornAt: last.offsetBytes, "file cut at \(cutBytes)")
            }
        }
    }

    @Test func lastRecordPartlyZeroedThenGarbage() throws {
        try withTemporaryDirectory { directory in
            let (path, last) = try makeWAL(directory)
            let pristine = try readBytes(path)
            var generator = SystemRandomNumberGenerator()
            let garbage = (0..<1000).map { _ in UInt8.random(in: 0...255, using: &generator) }
            var torn = pristine
            torn.replaceSubrange((last.offsetBytes + 30)..<(last.offsetBytes + 40), with: repeatElement(0, count: 10))
            torn.replaceSubrange((last.offsetBytes + last.frameBytes)..<(last.offsetBytes + last.frameBytes + garbage.count), with: garbage)
            try writeBytes(torn, to: path)
            try expectRepaired(directory, tornAt: last.offsetBytes, "zeroed body, garbage after")
        }
    }

    @Test func flippedByteInTheLastRecordIsTruncated() throws {
        try withTemporaryDirectory { directory in
            let (path, last) = try makeWAL(directory)
            try flipByte(in: path, at: last.offsetBytes + last.frameBytes - 10)
            try expectRepaired(directory, tornAt: last.offsetBytes, "flipped byte in the last record")
        }
    }

    @Test func garbageAfterAWholeLastRecordKeepsTheRecord() throws {
        try withTemporaryDirectory { directory in
            let (path, last) = try makeWAL(directory)
            var bytes = try readBytes(path)
            let end = last.offsetBytes + last.frameBytes
            bytes.replaceSubrange(end..<(end + 8), with: [0x10, 0, 0, 0, 2, 4, 0, 0])
            try writeBytes(bytes, to: path)
            let opened = try WAL.open(directory: directory, after: .initial, segmentBytes: segmentBytes)
            #expect(opened.entries == makeEntries(1...6, term: 1))
            #expect(opened.warnings.count == 1)
            try opened.wal.close()
            #expect(try readBytes(path)[end..<(end + 8)].allSatisfy { $0 == 0 })
        }
    }

    @Test func readerReportsATornTailWithoutRepairingIt() throws {
        try withTemporaryDirectory { directory in
            let (path, last) = try makeWAL(directory)
            try flipByte(in: path, at: last.offsetBytes + 20)
            let before = try readBytes(path)
            let damage = try WALReader(directory: directory).verify()
            #expect(damage?.kind == .tornTail)
            #expect(damage?.offsetBytes == last.offsetBytes)
            #expect(try readBytes(path) == before)
        }
    }
}
