import CCrypto

/// Random certificate serial numbers. RFC 5280 wants them unique per CA and positive; CAs use
/// randomness for uniqueness. The top bit is cleared (a positive DER integer needs no padding
/// byte) and the next one set, so every serial is exactly 16 bytes with 126 random bits.
enum SerialNumber {
    static let byteCount = 16

    static func random() throws -> [UInt8] {
        var bytes = [UInt8](repeating: 0, count: byteCount)
        guard RAND_bytes(&bytes, Int32(byteCount)) == 1 else { throw TLSError.openSSL("no random bytes for a serial number") }
        bytes[0] = (bytes[0] & 0x7f) | 0x40
        return bytes
    }
}
