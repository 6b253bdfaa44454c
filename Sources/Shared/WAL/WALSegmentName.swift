/// A segment's file name, `<sequence>-<first index>.wal` with 16 lowercase hex digits each.
///
/// The first index is the index the writer expected next when it cut the segment; open uses it
/// to find the segment to start reading from for a snapshot, without reading older segments.
public struct WALSegmentName: Sendable, Equatable, Hashable, Comparable, CustomStringConvertible {
    public let sequence: UInt64
    public let firstIndex: UInt64

    public init(sequence: UInt64, firstIndex: UInt64) {
        self.sequence = sequence
        self.firstIndex = firstIndex
    }

    static let suffix = ".wal"
    /// A segment being created; never read, removed by open.
    static let temporarySuffix = suffix + ".tmp"
    private static let hexDigits = 16

    public var fileName: String {
        Self.hex(sequence) + "-" + Self.hex(firstIndex) + Self.suffix
    }

    public var description: String { fileName }

    /// Parses a file name; nil unless it is exactly the format above.
    public init?(fileName: String) {
        let utf8 = Array(fileName.utf8)
        let stemBytes = 2 * Self.hexDigits + 1
        guard utf8.count == stemBytes + Self.suffix.utf8.count,
              fileName.hasSuffix(Self.suffix),
              utf8[Self.hexDigits] == UInt8(ascii: "-"),
              let sequence = Self.parseHex(utf8[0..<Self.hexDigits]),
              let firstIndex = Self.parseHex(utf8[(Self.hexDigits + 1)..<stemBytes])
        else { return nil }
        self.init(sequence: sequence, firstIndex: firstIndex)
    }

    public static func < (lhs: WALSegmentName, rhs: WALSegmentName) -> Bool {
        lhs.sequence < rhs.sequence
    }

    static func hex(_ value: UInt64) -> String {
        let digits = String(value, radix: 16)
        return String(repeating: "0", count: hexDigits - digits.count) + digits
    }

    /// Lowercase hex only, so that every number has exactly one spelling.
    static func parseHex(_ digits: ArraySlice<UInt8>) -> UInt64? {
        guard digits.count == hexDigits else { return nil }
        var value: UInt64 = 0
        for digit in digits {
            let nibble: UInt8
            switch digit {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): nibble = digit - UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): nibble = digit - UInt8(ascii: "a") + 10
            default: return nil
            }
            value = value << 4 | UInt64(nibble)
        }
        return value
    }
}
