/// CRC-32C (Castagnoli, reflected polynomial 0x82F63B78), computed slicing-by-8.
///
/// WAL records, snapshot files and the store hash (HashKV) are all checked with it. Eight bytes per step through
/// eight 256-entry tables keeps checksumming well below the cost of the write itself.
public enum CRC32C {
    /// The reflected Castagnoli polynomial.
    static let polynomial: UInt32 = 0x82F6_3B78

    /// Eight tables of 256 entries, flattened: table `t` starts at `t * 256`.
    /// Table 0 is the classic byte table; table `t` advances a byte by `t` more zero bytes.
    static let tables: [UInt32] = makeTables()

    /// The CRC of `bytes` alone.
    public static func checksum(_ bytes: [UInt8]) -> UInt32 {
        update(0, bytes)
    }

    /// Continues `crc` over `bytes`, as if `bytes` followed the data `crc` was computed over.
    /// This is how the WAL chains records: each record's CRC is seeded with the previous one.
    public static func update(_ crc: UInt32, _ bytes: [UInt8]) -> UInt32 {
        bytes.withUnsafeBytes { update(crc, $0) }
    }

    /// Continues `crc` over raw bytes (the hot path: no copies).
    public static func update(_ crc: UInt32, _ bytes: UnsafeRawBufferPointer) -> UInt32 {
        tables.withUnsafeBufferPointer { table in
            var state = ~crc
            var offset = 0
            let count = bytes.count
            while offset + 8 <= count {
                let low = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self)) ^ state
                let high = UInt32(littleEndian: bytes.loadUnaligned(fromByteOffset: offset + 4, as: UInt32.self))
                state = table[7 * 256 + Int(low & 0xFF)]
                    ^ table[6 * 256 + Int((low >> 8) & 0xFF)]
                    ^ table[5 * 256 + Int((low >> 16) & 0xFF)]
                    ^ table[4 * 256 + Int(low >> 24)]
                    ^ table[3 * 256 + Int(high & 0xFF)]
                    ^ table[2 * 256 + Int((high >> 8) & 0xFF)]
                    ^ table[1 * 256 + Int((high >> 16) & 0xFF)]
                    ^ table[Int(high >> 24)]
                offset += 8
            }
            while offset < count {
                state = table[Int((state ^ UInt32(bytes[offset])) & 0xFF)] ^ (state >> 8)
                offset += 1
            }
            return ~state
        }
    }

    private static func makeTables() -> [UInt32] {
        var table = [UInt32](repeating: 0, count: 8 * 256)
        for byte in 0..<256 {
            var crc = UInt32(byte)
            for _ in 0..<8 {
                crc = (crc & 1) == 1 ? (crc >> 1) ^ polynomial : crc >> 1
            }
            table[byte] = crc
        }
        for slice in 1..<8 {
            for byte in 0..<256 {
                let previous = table[(slice - 1) * 256 + byte]
                table[slice * 256 + byte] = table[Int(previous & 0xFF)] ^ (previous >> 8)
            }
        }
        return table
    }
}
