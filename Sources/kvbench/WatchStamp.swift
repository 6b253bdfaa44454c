import Foundation

/// A watch load's put values carry their send time, so that every watcher can measure the
/// event's delivery on its own: nanoseconds since the run's origin, 8 bytes little-endian,
/// then padding up to the value size.
enum WatchStamp {
    static let bytes = 8

    static func value(nanoseconds: UInt64, bytes: Int) -> Data {
        precondition(bytes >= Self.bytes, "a value carrying a send time has at least \(Self.bytes) bytes")
        var stamp = Data(count: Self.bytes)
        for index in 0..<Self.bytes { stamp[index] = UInt8(truncatingIfNeeded: nanoseconds >> (8 * index)) }
        return stamp + Keys.value(bytes: bytes - Self.bytes)
    }

    /// The send time a value carries; nil for a value too short to be one of ours.
    static func nanoseconds(in value: Data) -> UInt64? {
        guard value.count >= bytes else { return nil }
        return value.prefix(bytes).enumerated().reduce(UInt64(0)) { $0 | UInt64($1.element) << (8 * $1.offset) }
    }

    static func nanoseconds(_ duration: Duration) -> UInt64 {
        precondition(duration >= .zero, "a time since the origin is not negative")
        let (seconds, attoseconds) = duration.components
        return UInt64(seconds) * 1_000_000_000 + UInt64(attoseconds / 1_000_000_000)
    }
}
