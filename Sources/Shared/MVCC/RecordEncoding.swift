/// The newest change of a key at or before some revision, as kept in the key index:
/// enough to know whether the key was live without reading its record.
struct Mark: Equatable, Sendable {
    var revision: Revision
    var isTombstone: Bool
}

/// One change in the history: a put's full state, or a delete's tombstone.
enum StoredRecord: Equatable, Sendable {
    case put(KeyValue)
    case tombstone(key: [UInt8])

    var key: [UInt8] {
        switch self {
        case .put(let kv): kv.key
        case .tombstone(let key): key
        }
    }
}

/// Byte layouts of what the store keeps in LMDB (`Tables` says where each goes).
/// Integers are big-endian so that LMDB's byte order is their numeric order.
enum RecordEncoding {
    static let revisionBytes = 16
    static let markBytes = revisionBytes + 1
    private static let putKind: UInt8 = 0
    private static let tombstoneKind: UInt8 = 1

    static func revisionKey(_ revision: Revision) -> [UInt8] {
        precondition(revision.main >= 0 && revision.sub >= 0, "negative revision \(revision)")
        return int64(revision.main) + int64(revision.sub)
    }

    static func decodeRevisionKey(_ bytes: [UInt8]) -> Revision? {
        guard bytes.count == revisionBytes else { return nil }
        return Revision(main: readInt64(bytes, at: 0), sub: readInt64(bytes, at: 8))
    }

    static func mark(_ mark: Mark) -> [UInt8] {
        revisionKey(mark.revision) + [mark.isTombstone ? tombstoneKind : putKind]
    }

    static func decodeMark(_ bytes: [UInt8]) -> Mark? {
        guard bytes.count == markBytes, let revision = decodeRevisionKey(Array(bytes[0..<revisionBytes])),
            bytes[revisionBytes] <= tombstoneKind
        else { return nil }
        return Mark(revision: revision, isTombstone: bytes[revisionBytes] == tombstoneKind)
    }

    /// kind (1 byte), key length (4), key, then for a put: create, version, lease (8 each), value.
    /// The mod revision is the record's own revision, so it is not repeated.
    static func record(_ record: StoredRecord) -> [UInt8] {
        let key = record.key
        precondition(key.count <= Int(UInt32.max), "key of \(key.count) bytes")
        let length = UInt32(key.count)
        var bytes: [UInt8] = []
        switch record {
        case .put(let kv):
            bytes.reserveCapacity(5 + key.count + 24 + kv.value.count)
            bytes.append(putKind)
        case .tombstone:
            bytes.reserveCapacity(5 + key.count)
            bytes.append(tombstoneKind)
        }
        bytes += (0..<4).map { UInt8(truncatingIfNeeded: length >> (24 - 8 * UInt32($0))) }
        bytes += key
        if case .put(let kv) = record {
            bytes += int64(kv.createRevision) + int64(kv.version) + int64(kv.lease) + kv.value
        }
        return bytes
    }

    static func decodeRecord(_ bytes: [UInt8], at revision: Revision) -> StoredRecord? {
        guard bytes.count >= 5 else { return nil }
        let length = bytes[1...4].reduce(0) { $0 << 8 | Int($1) }
        let keyEnd = 5 + length
        guard bytes.count >= keyEnd else { return nil }
        let key = Array(bytes[5..<keyEnd])
        switch bytes[0] {
        case tombstoneKind where bytes.count == keyEnd:
            return .tombstone(key: key)
        case putKind where bytes.count >= keyEnd + 24:
            return .put(KeyValue(
                key: key,
                createRevision: readInt64(bytes, at: keyEnd),
                modRevision: revision.main,
                version: readInt64(bytes, at: keyEnd + 8),
                value: Array(bytes[(keyEnd + 24)...]),
                lease: readInt64(bytes, at: keyEnd + 16)))
        default:
            return nil
        }
    }

    static func int64(_ value: Int64) -> [UInt8] {
        let bits = UInt64(bitPattern: value)
        return (0..<8).map { UInt8(truncatingIfNeeded: bits >> (56 - 8 * UInt64($0))) }
    }

    static func decodeInt64(_ bytes: [UInt8]) -> Int64? {
        bytes.count == 8 ? readInt64(bytes, at: 0) : nil
    }

    /// Lease ids with the sign bit flipped, so that negative ids sort before positive ones.
    static func leaseID(_ id: Int64) -> [UInt8] {
        int64(id ^ Int64.min)
    }

    static func decodeLeaseID(_ bytes: [UInt8]) -> Int64? {
        decodeInt64(bytes).map { $0 ^ Int64.min }
    }

    private static func readInt64(_ bytes: [UInt8], at offset: Int) -> Int64 {
        precondition(bytes.count >= offset + 8, "short integer field")
        var bits: UInt64 = 0
        for index in offset..<(offset + 8) { bits = bits << 8 | UInt64(bytes[index]) }
        return Int64(bitPattern: bits)
    }
}
