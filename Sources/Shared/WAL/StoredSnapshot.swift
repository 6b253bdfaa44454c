import Checksum
/// A Raft snapshot as kept in `<data-dir>/member/snap/`: its place in the log, the member
/// configuration, and the store's state (or a reference to it), which is opaque here.
public struct StoredSnapshot: Sendable, Equatable {
    public var index: UInt64
    public var term: UInt64
    public var voters: [UInt64]
    public var learners: [UInt64]
    /// The store's state, or a reference to where it is; opaque to the WAL.
    public var data: [UInt8]

    public init(index: UInt64, term: UInt64, voters: [UInt64], learners: [UInt64] = [], data: [UInt8]) {
        self.index = index
        self.term = term
        self.voters = voters
        self.learners = learners
        self.data = data
    }

    /// "KVDSNAP1": names the format and its version.
    static let magic: [UInt8] = Array("KVDSNAP1".utf8)
    /// Magic, CRC, reserved: the bytes before what the CRC covers.
    static let preambleBytes = 16
    /// Index, term, voter count, learner count.
    static let fixedBytes = 24

    /// The whole file: magic, CRC-32C of everything after the first 16 bytes, zero, then
    /// index, term, voter and learner counts (UInt32), the ids (UInt64 each), the data's
    /// length (UInt64) and the data. All little-endian.
    public func encoded() -> [UInt8] {
        precondition(voters.count <= Int(UInt32.max) && learners.count <= Int(UInt32.max), "too many members")
        var bytes = Self.magic
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(UInt32(0))
        bytes.appendLittleEndian(index)
        bytes.appendLittleEndian(term)
        bytes.appendLittleEndian(UInt32(voters.count))
        bytes.appendLittleEndian(UInt32(learners.count))
        for id in voters + learners { bytes.appendLittleEndian(id) }
        bytes.appendLittleEndian(UInt64(data.count))
        bytes.append(contentsOf: data)
        let crc = bytes.withUnsafeBytes { CRC32C.update(0, UnsafeRawBufferPointer(rebasing: $0[Self.preambleBytes...])) }
        bytes.withUnsafeMutableBytes { $0.storeBytes(of: crc.littleEndian, toByteOffset: Self.magic.count, as: UInt32.self) }
        return bytes
    }

    /// Decodes a whole file, or says what is wrong with it.
    public init(decoding file: [UInt8]) throws {
        self = try file.withUnsafeBytes { bytes in try Self.decode(bytes) }
    }

    private static func decode(_ bytes: UnsafeRawBufferPointer) throws -> StoredSnapshot {
        let headerBytes = preambleBytes + fixedBytes
        guard bytes.count >= headerBytes + 8 else { throw SnapshotDecodingError("\(bytes.count) bytes, shorter than any snapshot file") }
        guard bytes.prefix(magic.count).elementsEqual(magic) else { throw SnapshotDecodingError("not a snapshot file (bad magic)") }
        let stored = bytes.littleEndianUInt32(at: magic.count)
        let computed = CRC32C.update(0, UnsafeRawBufferPointer(rebasing: bytes[preambleBytes...]))
        guard stored == computed else { throw SnapshotDecodingError("CRC mismatch: stored \(crcHex(stored)), computed \(crcHex(computed))") }
        let voterCount = Int(bytes.littleEndianUInt32(at: preambleBytes + 16))
        let learnerCount = Int(bytes.littleEndianUInt32(at: preambleBytes + 20))
        let dataLengthOffset = headerBytes + 8 * (voterCount + learnerCount)
        guard dataLengthOffset + 8 <= bytes.count else { throw SnapshotDecodingError("member lists run past the end of the file") }
        let dataBytes = bytes.littleEndianUInt64(at: dataLengthOffset)
        guard dataBytes == UInt64(bytes.count - dataLengthOffset - 8) else {
            throw SnapshotDecodingError("data length \(dataBytes), but \(bytes.count - dataLengthOffset - 8) bytes follow")
        }
        let ids = (0..<(voterCount + learnerCount)).map { bytes.littleEndianUInt64(at: headerBytes + 8 * $0) }
        return StoredSnapshot(index: bytes.littleEndianUInt64(at: preambleBytes),
                              term: bytes.littleEndianUInt64(at: preambleBytes + 8),
                              voters: Array(ids[..<voterCount]), learners: Array(ids[voterCount...]),
                              data: Array(bytes[(dataLengthOffset + 8)...]))
    }
}

/// Why bytes are not a valid snapshot file.
public struct SnapshotDecodingError: Error, Sendable, Equatable, CustomStringConvertible {
    public let description: String

    init(_ description: String) {
        self.description = description
    }
}
