/// The kinds of record, as stored in byte 4 of a record's header. Zero is never a kind,
/// so a zero-filled header reads as the end of the log.
public enum WALRecordKind: UInt8, Sendable, CaseIterable, CustomStringConvertible {
    case metadata = 1
    case entry = 2
    case hardState = 3
    case snapshotMarker = 4
    case crcCarry = 5

    public var description: String {
        switch self {
        case .metadata: "metadata"
        case .entry: "entry"
        case .hardState: "hard-state"
        case .snapshotMarker: "snapshot-marker"
        case .crcCarry: "crc-carry"
        }
    }
}

/// A decoded record.
public enum WALRecord: Sendable, Equatable {
    case metadata(WALMetadata)
    case entry(WALEntry)
    case hardState(WALHardState)
    case snapshotMarker(WALSnapshotMarker)
    /// Heads every segment: the CRC the chain had at the end of the previous segment.
    case crcCarry(previousCRC: UInt32)

    public var kind: WALRecordKind {
        switch self {
        case .metadata: .metadata
        case .entry: .entry
        case .hardState: .hardState
        case .snapshotMarker: .snapshotMarker
        case .crcCarry: .crcCarry
        }
    }

    /// The length of the body `appendBody` writes, known before writing it so that the
    /// writer can cut a segment first when the record would not fit.
    var bodyBytes: Int {
        switch self {
        case .metadata(let metadata): 16 + metadata.extra.count
        case .entry(let entry): 17 + entry.data.count
        case .hardState: 24
        case .snapshotMarker: 16
        case .crcCarry: 4
        }
    }

    /// Appends the record's body (without the frame) straight into a write buffer.
    func appendBody(to body: inout [UInt8]) {
        switch self {
        case .metadata(let metadata):
            body.appendLittleEndian(metadata.memberID)
            body.appendLittleEndian(metadata.clusterID)
            body.append(contentsOf: metadata.extra)
        case .entry(let entry):
            body.appendLittleEndian(entry.index)
            body.appendLittleEndian(entry.term)
            body.append(entry.kind)
            body.append(contentsOf: entry.data)
        case .hardState(let state):
            body.appendLittleEndian(state.term)
            body.appendLittleEndian(state.vote)
            body.appendLittleEndian(state.commit)
        case .snapshotMarker(let marker):
            body.appendLittleEndian(marker.index)
            body.appendLittleEndian(marker.term)
        case .crcCarry(let previousCRC):
            body.appendLittleEndian(previousCRC)
        }
    }

    /// Decodes a body of the given kind, or says why it cannot be one.
    static func decode(kind: WALRecordKind, body: UnsafeRawBufferPointer) -> Result<WALRecord, BodyError> {
        switch kind {
        case .metadata:
            guard body.count >= 16 else { return .failure(BodyError(kind: kind, bodyBytes: body.count, expected: "at least 16")) }
            let metadata = WALMetadata(
                memberID: body.littleEndianUInt64(at: 0),
                clusterID: body.littleEndianUInt64(at: 8),
                extra: Array(body[16...]))
            return .success(.metadata(metadata))
        case .entry:
            guard body.count >= 17 else { return .failure(BodyError(kind: kind, bodyBytes: body.count, expected: "at least 17")) }
            let entry = WALEntry(
                index: body.littleEndianUInt64(at: 0),
                term: body.littleEndianUInt64(at: 8),
                kind: body[16],
                data: Array(body[17...]))
            return .success(.entry(entry))
        case .hardState:
            guard body.count == 24 else { return .failure(BodyError(kind: kind, bodyBytes: body.count, expected: "24")) }
            let state = WALHardState(
                term: body.littleEndianUInt64(at: 0),
                vote: body.littleEndianUInt64(at: 8),
                commit: body.littleEndianUInt64(at: 16))
            return .success(.hardState(state))
        case .snapshotMarker:
            guard body.count == 16 else { return .failure(BodyError(kind: kind, bodyBytes: body.count, expected: "16")) }
            let marker = WALSnapshotMarker(index: body.littleEndianUInt64(at: 0), term: body.littleEndianUInt64(at: 8))
            return .success(.snapshotMarker(marker))
        case .crcCarry:
            guard body.count == 4 else { return .failure(BodyError(kind: kind, bodyBytes: body.count, expected: "4")) }
            return .success(.crcCarry(previousCRC: body.littleEndianUInt32(at: 0)))
        }
    }

    /// A body whose length does not fit its kind.
    struct BodyError: Error, CustomStringConvertible {
        let kind: WALRecordKind
        let bodyBytes: Int
        let expected: String

        var description: String { "a \(kind) body of \(bodyBytes) bytes, expected \(expected)" }
    }
}
