import Testing
@testable import WAL

struct RecordCodingTests {
    static let samples: [WALRecord] = [
        .metadata(WALMetadata(memberID: 7, clusterID: 9, extra: Array("opaque".utf8))),
        .metadata(WALMetadata(memberID: .max, clusterID: 0)),
        .entry(WALEntry(index: 42, term: 3, kind: 1, data: [])),
        .entry(WALEntry(index: 43, term: 3, kind: 0, data: (0..<100).map { UInt8($0) })),
        .hardState(WALHardState(term: 5, vote: 2, commit: 41)),
        .snapshotMarker(WALSnapshotMarker(index: 40, term: 3)),
        .crcCarry(previousCRC: 0xCAFE_F00D),
    ]

    @Test(arguments: samples)
    func frameRoundTrip(record: WALRecord) throws {
        var buffer: [UInt8] = []
        let crc = RecordFrame.append(record, chainedFrom: 0x1234_5678, to: &buffer)
        #expect(buffer.count % 8 == 0)
        #expect(buffer.count == RecordFrame.frameBytes(bodyBytes: record.bodyBytes))
        try buffer.withUnsafeBytes { bytes in
            guard case .frame(let frame) = RecordFrame.parse(bytes, at: 0) else {
                Issue.record("no frame parsed")
                return
            }
            #expect(frame.kind == record.kind)
            #expect(frame.frameBytes == buffer.count)
            #expect(frame.storedCRC == crc)
            #expect(frame.computedCRC(seed: 0x1234_5678, in: bytes) == crc)
            #expect(frame.computedCRC(seed: 0, in: bytes) != crc)
            let decoded = try WALRecord.decode(kind: frame.kind, body: UnsafeRawBufferPointer(rebasing: bytes[frame.bodyRange])).get()
            #expect(decoded == record)
        }
    }

    @Test func paddingMakesEveryFrameAligned() {
        for bodyBytes in 0..<64 {
            let frameBytes = RecordFrame.frameBytes(bodyBytes: bodyBytes)
            #expect(frameBytes % 8 == 0)
            #expect(frameBytes - bodyBytes - RecordFrame.headerBytes < 8)
        }
    }

    @Test func zerosAndTheBufferEndReadAsEnd() {
        let zeros = [UInt8](repeating: 0, count: 64)
        zeros.withUnsafeBytes { bytes in
            #expect(RecordFrame.parse(bytes, at: 0) == .end)
            #expect(RecordFrame.parse(bytes, at: 64) == .end)
        }
    }

    @Test func impossibleHeadersAreMalformedOrTruncated() {
        var buffer: [UInt8] = []
        _ = RecordFrame.append(.hardState(WALHardState(term: 1, vote: 1, commit: 1)), chainedFrom: 0, to: &buffer)
        var unknownKind = buffer
        unknownKind[4] = 9
        var badPadding = buffer
        badPadding[5] = 3
        let cut = Array(buffer.prefix(buffer.count - 1))
        unknownKind.withUnsafeBytes { bytes in
            guard case .malformed = RecordFrame.parse(bytes, at: 0) else { Issue.record("kind 9 accepted"); return }
        }
        badPadding.withUnsafeBytes { bytes in
            guard case .malformed = RecordFrame.parse(bytes, at: 0) else { Issue.record("bad padding accepted"); return }
        }
        cut.withUnsafeBytes { bytes in
            guard case .truncated = RecordFrame.parse(bytes, at: 0) else { Issue.record("cut frame accepted"); return }
        }
    }

    @Test func bodyOfTheWrongLengthIsRejected() {
        let body = [UInt8](repeating: 1, count: 23)
        body.withUnsafeBytes { bytes in
            guard case .failure = WALRecord.decode(kind: .hardState, body: bytes) else {
                Issue.record("a 23-byte hard state decoded")
                return
            }
        }
    }

    @Test func segmentNamesRoundTripAndRejectOtherSpellings() {
        let name = WALSegmentName(sequence: 0x1A, firstIndex: 0xBEEF)
        #expect(name.fileName == "000000000000001a-000000000000beef.wal")
        #expect(WALSegmentName(fileName: name.fileName) == name)
        #expect(WALSegmentName(fileName: "000000000000001A-000000000000beef.wal") == nil)
        #expect(WALSegmentName(fileName: "00000000000001a-000000000000beef.wal") == nil)
        #expect(WALSegmentName(fileName: "000000000000001a_000000000000beef.wal") == nil)
        #expect(WALSegmentName(fileName: "000000000000001a-000000000000beef.wal.tmp") == nil)
    }
}

struct SegmentScanTests {
    private func segment(entries: ClosedRange<UInt64>) -> [UInt8] {
        craftSegment(previousCRC: 0, metadata: testMetadata, records: makeEntries(entries, term: 1).map { .entry($0) }).bytes
    }

    private func scan(_ bytes: [UInt8], incomingCRC: UInt32? = nil) -> SegmentScan {
        bytes.withUnsafeBytes { SegmentScan($0, incomingCRC: incomingCRC) }
    }

    @Test func scanFindsEveryRecordAndWhereTheyEnd() {
        let bytes = segment(entries: 1...5)
        let result = scan(bytes)
        #expect(result.damage == nil)
        #expect(result.records.map(\.record.kind) == [.crcCarry, .metadata] + Array(repeating: .entry, count: 5))
        let last = result.records[result.records.count - 1]
        #expect(result.endOffsetBytes == last.offsetBytes + last.frameBytes)
        #expect(result.chainCRC == last.crc)
        #expect(bytes[result.endOffsetBytes...].allSatisfy { $0 == 0 })
    }

    @Test func flippedByteInTheMiddleIsNotATornTail() {
        var bytes = segment(entries: 1...5)
        let third = scan(bytes).records[4]
        bytes[third.offsetBytes + 20] ^= 1
        let damage = scan(bytes).damage
        #expect(damage?.offsetBytes == third.offsetBytes)
        #expect(damage?.mayBeTornTail == false)
    }

    @Test func flippedByteInTheLastRecordMayBeATornTail() {
        var bytes = segment(entries: 1...5)
        let last = scan(bytes).records[6]
        bytes[last.offsetBytes + 20] ^= 1
        let damage = scan(bytes).damage
        #expect(damage?.offsetBytes == last.offsetBytes)
        #expect(damage?.mayBeTornTail == true)
    }

    @Test func damagedLengthInTheMiddleIsNotATornTail() {
        var bytes = segment(entries: 1...5)
        let third = scan(bytes).records[4]
        bytes[third.offsetBytes + 2] = 0x7F
        let damage = scan(bytes).damage
        #expect(damage?.offsetBytes == third.offsetBytes)
        #expect(damage?.mayBeTornTail == false)
    }

    @Test func carryOverMustContinueTheChain() {
        let bytes = segment(entries: 1...2)
        #expect(scan(bytes, incomingCRC: 0).damage == nil)
        #expect(scan(bytes, incomingCRC: 99).damage?.offsetBytes == 0)
    }
}
