import Checksum
import Testing
@testable import WAL

struct CRC32CTests {
    /// The bit-at-a-time definition, to check the sliced tables against.
    private func reference(_ bytes: [UInt8], seed: UInt32 = 0) -> UInt32 {
        var crc = ~seed
        for byte in bytes {
            crc ^= UInt32(byte)
            for _ in 0..<8 { crc = (crc & 1) == 1 ? (crc >> 1) ^ 0x82F6_3B78 : crc >> 1 }
        }
        return ~crc
    }

    @Test func knownVectors() {
        #expect(CRC32C.checksum(Array("123456789".utf8)) == 0xE306_9283)
        #expect(CRC32C.checksum([]) == 0)
        // RFC 3720 (iSCSI), appendix B.4.
        #expect(CRC32C.checksum([UInt8](repeating: 0, count: 32)) == 0x8A91_36AA)
        #expect(CRC32C.checksum([UInt8](repeating: 0xFF, count: 32)) == 0x62A8_AB43)
        #expect(CRC32C.checksum((0..<32).map { UInt8($0) }) == 0x46DD_794E)
        #expect(CRC32C.checksum((0..<32).map { UInt8(31 - $0) }) == 0x113F_DB5C)
    }

    @Test func slicedMatchesBitwiseAtEveryLengthAndAlignment() {
        var generator = SystemRandomNumberGenerator()
        let bytes = (0..<300).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for length in 0..<bytes.count {
            let start = length % 7
            let slice = Array(bytes[start..<min(bytes.count, start + length)])
            #expect(CRC32C.checksum(slice) == reference(slice))
        }
    }

    @Test func chainingEqualsChecksumOfTheConcatenation() {
        let first = Array("write-ahead ".utf8)
        let second = Array("log records chain".utf8)
        #expect(CRC32C.update(CRC32C.checksum(first), second) == CRC32C.checksum(first + second))
        #expect(CRC32C.update(0xDEAD_BEEF, second) == reference(second, seed: 0xDEAD_BEEF))
    }
}
