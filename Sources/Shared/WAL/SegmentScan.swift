/// One record as found in a segment.
struct ScannedRecord: Equatable {
    let offsetBytes: Int
    let frameBytes: Int
    /// The record's CRC: the seed of the next record's.
    let crc: UInt32
    let record: WALRecord
}

/// Reading one segment's bytes from the start, a pure function of the bytes and the chain
/// CRC carried in from the previous segment.
struct SegmentScan {
    var records: [ScannedRecord] = []
    /// Where the valid records end: the next append goes here.
    var endOffsetBytes = 0
    /// The CRC of the last valid record.
    var chainCRC: UInt32 = 0
    var damage: Damage?

    struct Damage: Equatable {
        let offsetBytes: Int
        let reason: String
        /// True when nothing valid comes after the damage, so that in the last segment it can
        /// only be a write cut short by a crash (a torn tail), never lost data.
        let mayBeTornTail: Bool
    }

    /// The records at a segment's head: the CRC carry-over, then the metadata.
    static let headRecordCount = 2

    /// Scans `bytes`. `incomingCRC` is the chain at the end of the previous segment, or nil
    /// when this is the first segment read (then the carry-over record seeds the chain).
    init(_ bytes: UnsafeRawBufferPointer, incomingCRC: UInt32?) {
        let recordCountMax = bytes.count / RecordFrame.alignmentBytes + 1
        for _ in 0..<recordCountMax {
            guard step(bytes, incomingCRC: incomingCRC) else { return }
        }
        preconditionFailure("a segment holds at most one record per 8 bytes")
    }

    /// Reads the record at `endOffsetBytes`; false when the scan is over.
    private mutating func step(_ bytes: UnsafeRawBufferPointer, incomingCRC: UInt32?) -> Bool {
        let offset = endOffsetBytes
        switch RecordFrame.parse(bytes, at: offset) {
        case .end:
            if records.count < Self.headRecordCount {
                fail(offset, "the segment ends before its head (crc-carry, metadata) is complete", mayBeTorn: false)
            } else if Self.validRecordFollows(bytes, after: offset, seeds: [chainCRC]) {
                fail(offset, "zero-filled bytes where a record was expected, yet valid records follow", mayBeTorn: false)
            }
            return false
        case .truncated(let reason), .malformed(let reason):
            failAtDamagedRecord(bytes, offset, reason)
            return false
        case .frame(let frame):
            return accept(frame, bytes, incomingCRC: incomingCRC)
        }
    }

    private mutating func accept(_ frame: RecordFrame.Frame, _ bytes: UnsafeRawBufferPointer, incomingCRC: UInt32?) -> Bool {
        let offset = frame.offsetBytes
        let body = UnsafeRawBufferPointer(rebasing: bytes[frame.bodyRange])
        if records.isEmpty {
            guard frame.kind == .crcCarry else {
                fail(offset, "expected a crc-carry record at the head of the segment, found \(frame.kind)", mayBeTorn: false)
                return false
            }
            guard body.count == 4 else {
                fail(offset, "a crc-carry body of \(body.count) bytes, expected 4", mayBeTorn: false)
                return false
            }
            let carried = body.littleEndianUInt32(at: 0)
            if let incomingCRC, carried != incomingCRC {
                fail(offset, "crc-carry holds \(crcHex(carried)), expected \(crcHex(incomingCRC)) from the previous segment", mayBeTorn: false)
                return false
            }
            chainCRC = carried
        } else if records.count == 1, frame.kind != .metadata {
            fail(offset, "expected a metadata record after the crc-carry, found \(frame.kind)", mayBeTorn: false)
            return false
        } else if records.count > 1, frame.kind == .crcCarry || frame.kind == .metadata {
            fail(offset, "a \(frame.kind) record past the segment's head", mayBeTorn: false)
            return false
        }
        let computed = frame.computedCRC(seed: chainCRC, in: bytes)
        guard computed == frame.storedCRC else {
            failAtDamagedRecord(bytes, offset, "CRC mismatch in a \(frame.kind) record: stored \(crcHex(frame.storedCRC)), expected \(crcHex(computed))")
            return false
        }
        switch WALRecord.decode(kind: frame.kind, body: body) {
        case .failure(let error):
            fail(offset, "\(error)", mayBeTorn: false)
            return false
        case .success(let record):
            records.append(ScannedRecord(offsetBytes: offset, frameBytes: frame.frameBytes, crc: computed, record: record))
            chainCRC = computed
            endOffsetBytes = frame.endOffsetBytes
            return true
        }
    }

    /// A record whose bytes do not check out: torn only if it completes the segment's head
    /// (segments are created whole) and nothing valid follows it.
    private mutating func failAtDamagedRecord(_ bytes: UnsafeRawBufferPointer, _ offset: Int, _ reason: String) {
        let crcFieldOffset = offset + RecordFrame.checkedHeaderBytes
        var seeds = [chainCRC]
        if crcFieldOffset + 4 <= bytes.count {
            seeds.append(bytes.littleEndianUInt32(at: crcFieldOffset))
        }
        let mayBeTorn = records.count >= Self.headRecordCount && !Self.validRecordFollows(bytes, after: offset, seeds: seeds)
        fail(offset, reason, mayBeTorn: mayBeTorn)
    }

    private mutating func fail(_ offset: Int, _ reason: String, mayBeTorn: Bool) {
        damage = Damage(offsetBytes: offset, reason: reason, mayBeTornTail: mayBeTorn)
    }

    /// Whether any record after `offset` checks out: its CRC matches when chained from one of
    /// `seeds`, or from a well-formed frame that ends exactly where it starts. One valid record
    /// after damage means the damage is not a torn tail, and truncating would lose data.
    static func validRecordFollows(_ bytes: UnsafeRawBufferPointer, after offset: Int, seeds: [UInt32]) -> Bool {
        precondition(offset % RecordFrame.alignmentBytes == 0, "records are 8-byte aligned")
        var seedsEndingAt: [Int: [UInt32]] = [:]
        let firstCandidate = offset + RecordFrame.alignmentBytes
        let lastCandidate = bytes.count - RecordFrame.headerBytes
        guard firstCandidate <= lastCandidate else { return false }
        for candidate in stride(from: firstCandidate, through: lastCandidate, by: RecordFrame.alignmentBytes) {
            guard bytes.littleEndianUInt64(at: candidate) != 0,
                  case .frame(let frame) = RecordFrame.parse(bytes, at: candidate) else { continue }
            let chained = seedsEndingAt[candidate, default: []] + seeds
            if chained.contains(where: { frame.computedCRC(seed: $0, in: bytes) == frame.storedCRC }) {
                return true
            }
            seedsEndingAt[frame.endOffsetBytes, default: []].append(frame.storedCRC)
        }
        return false
    }
}

func crcHex(_ crc: UInt32) -> String {
    "0x" + String(crc, radix: 16)
}
