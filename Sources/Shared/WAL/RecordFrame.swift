import Checksum
/// The frame around every record: a 12-byte header, the body, zero padding to 8 bytes.
///
///     bytes 0..<4   body length in bytes (UInt32, little-endian)
///     byte  4       kind (1...5; never 0)
///     byte  5       padding length in bytes (0...7)
///     bytes 6..<8   zero
///     bytes 8..<12  CRC-32C over bytes 0..<8 and the body, seeded with the previous record's CRC
///
/// Frames start 8-byte aligned, so a zero-filled (preallocated) tail reads as a zero header:
/// the end of the log.
enum RecordFrame {
    static let headerBytes = 12
    static let alignmentBytes = 8
    /// The part of the header the CRC covers (everything before the CRC field).
    static let checkedHeaderBytes = 8

    /// Padding that rounds a frame with `bodyBytes` of body up to the alignment.
    static func paddingBytes(bodyBytes: Int) -> Int {
        let unaligned = (headerBytes + bodyBytes) % alignmentBytes
        return unaligned == 0 ? 0 : alignmentBytes - unaligned
    }

    static func frameBytes(bodyBytes: Int) -> Int {
        headerBytes + bodyBytes + paddingBytes(bodyBytes: bodyBytes)
    }

    /// Appends `record`, framed, to `buffer`, chaining its CRC from `previousCRC`.
    /// Returns the record's CRC: the seed of the next record.
    static func append(_ record: WALRecord, chainedFrom previousCRC: UInt32, to buffer: inout [UInt8]) -> UInt32 {
        let start = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: headerBytes))
        record.appendBody(to: &buffer)
        let bodyBytes = buffer.count - start - headerBytes
        precondition(bodyBytes <= Int(UInt32.max), "record body of \(bodyBytes) bytes does not fit a UInt32 length")
        let padding = paddingBytes(bodyBytes: bodyBytes)
        buffer.append(contentsOf: repeatElement(0, count: padding))
        return buffer.withUnsafeMutableBytes { bytes in
            bytes.storeBytes(of: UInt32(bodyBytes).littleEndian, toByteOffset: start, as: UInt32.self)
            bytes[start + 4] = record.kind.rawValue
            bytes[start + 5] = UInt8(padding)
            let header = UnsafeRawBufferPointer(rebasing: bytes[start..<(start + checkedHeaderBytes)])
            let bodyStart = start + headerBytes
            let body = UnsafeRawBufferPointer(rebasing: bytes[bodyStart..<(bodyStart + bodyBytes)])
            let crc = CRC32C.update(CRC32C.update(previousCRC, header), body)
            bytes.storeBytes(of: crc.littleEndian, toByteOffset: start + checkedHeaderBytes, as: UInt32.self)
            return crc
        }
    }

    /// Where a frame sits in a buffer, as its header says.
    struct Frame: Equatable {
        let offsetBytes: Int
        let kind: WALRecordKind
        let bodyBytes: Int
        let storedCRC: UInt32

        var frameBytes: Int { RecordFrame.frameBytes(bodyBytes: bodyBytes) }
        var endOffsetBytes: Int { offsetBytes + frameBytes }
        var bodyRange: Range<Int> {
            (offsetBytes + RecordFrame.headerBytes)..<(offsetBytes + RecordFrame.headerBytes + bodyBytes)
        }

        /// The CRC the frame's bytes give when chained from `seed`.
        func computedCRC(seed: UInt32, in bytes: UnsafeRawBufferPointer) -> UInt32 {
            let header = UnsafeRawBufferPointer(rebasing: bytes[offsetBytes..<(offsetBytes + RecordFrame.checkedHeaderBytes)])
            let body = UnsafeRawBufferPointer(rebasing: bytes[bodyRange])
            return CRC32C.update(CRC32C.update(seed, header), body)
        }
    }

    /// What the bytes at an offset hold.
    enum Parse: Equatable {
        /// A zero header, or the end of the buffer: nothing more was written.
        case end
        /// The header promises more bytes than the buffer has.
        case truncated(String)
        /// The header cannot be one this format writes.
        case malformed(String)
        case frame(Frame)
    }

    /// Reads the frame header at `offsetBytes` (8-byte aligned) without checking its CRC.
    static func parse(_ bytes: UnsafeRawBufferPointer, at offsetBytes: Int) -> Parse {
        precondition(offsetBytes >= 0 && offsetBytes <= bytes.count, "offset outside the buffer")
        precondition(offsetBytes % alignmentBytes == 0, "frames are 8-byte aligned")
        let remainingBytes = bytes.count - offsetBytes
        let visibleHeader = bytes[offsetBytes..<(offsetBytes + min(checkedHeaderBytes, remainingBytes))]
        if visibleHeader.allSatisfy({ $0 == 0 }) { return .end }
        guard remainingBytes >= headerBytes else {
            return .truncated("a header needs \(headerBytes) bytes, \(remainingBytes) remain")
        }
        let bodyBytes = Int(bytes.littleEndianUInt32(at: offsetBytes))
        let kindByte = bytes[offsetBytes + 4]
        guard let kind = WALRecordKind(rawValue: kindByte) else {
            return .malformed("unknown record kind \(kindByte)")
        }
        let padding = Int(bytes[offsetBytes + 5])
        guard padding == paddingBytes(bodyBytes: bodyBytes) else {
            return .malformed("padding of \(padding) bytes, expected \(paddingBytes(bodyBytes: bodyBytes)) for a \(bodyBytes)-byte body")
        }
        guard bytes[offsetBytes + 6] == 0, bytes[offsetBytes + 7] == 0 else {
            return .malformed("reserved header bytes are not zero")
        }
        let frame = Frame(offsetBytes: offsetBytes, kind: kind, bodyBytes: bodyBytes,
                          storedCRC: bytes.littleEndianUInt32(at: offsetBytes + checkedHeaderBytes))
        guard frame.frameBytes <= remainingBytes else {
            return .truncated("a \(kind) record of \(frame.frameBytes) bytes, \(remainingBytes) remain")
        }
        guard bytes[frame.bodyRange.upperBound..<frame.endOffsetBytes].allSatisfy({ $0 == 0 }) else {
            return .malformed("padding bytes are not zero")
        }
        return .frame(frame)
    }
}
