/// Little-endian integer writing and reading over byte buffers: every number on disk
/// (WAL records and snapshot files) uses these, so the byte order is decided in one place.
extension Array where Element == UInt8 {
    mutating func appendLittleEndian(_ value: UInt64) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }

    mutating func appendLittleEndian(_ value: UInt32) {
        Swift.withUnsafeBytes(of: value.littleEndian) { append(contentsOf: $0) }
    }
}

extension UnsafeRawBufferPointer {
    /// Reads a UInt64 at `offsetBytes`; the caller has checked the bounds.
    func littleEndianUInt64(at offsetBytes: Int) -> UInt64 {
        precondition(offsetBytes >= 0 && offsetBytes + 8 <= count, "read past the buffer")
        return UInt64(littleEndian: loadUnaligned(fromByteOffset: offsetBytes, as: UInt64.self))
    }

    /// Reads a UInt32 at `offsetBytes`; the caller has checked the bounds.
    func littleEndianUInt32(at offsetBytes: Int) -> UInt32 {
        precondition(offsetBytes >= 0 && offsetBytes + 4 <= count, "read past the buffer")
        return UInt32(littleEndian: loadUnaligned(fromByteOffset: offsetBytes, as: UInt32.self))
    }
}
