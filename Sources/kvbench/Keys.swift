import Foundation

/// The keys and values requests carry: pure functions of the request number, so that a run
/// is the same against every server.
enum Keys {
    /// Decimal digits needed to write every key number below `keySpace`.
    static func digits(keySpace: Int) -> Int {
        precondition(keySpace >= 1, "a key space has at least one key")
        return String(keySpace - 1).count
    }

    /// Key number `number`, zero-padded on the left to exactly `bytes` bytes.
    static func key(_ number: Int, bytes: Int) -> Data {
        precondition(number >= 0, "key numbers are not negative")
        let text = String(number)
        precondition(text.count <= bytes, "key \(number) does not fit in \(bytes) bytes")
        return Data(repeating: UInt8(ascii: "0"), count: bytes - text.count) + Data(text.utf8)
    }

    /// The key request `index` uses.
    static func key(forRequest index: Int, settings: LoadSettings) -> Data {
        key(index % settings.keySpace, bytes: settings.keyBytes)
    }

    /// A value of `bytes` bytes.
    static func value(bytes: Int) -> Data {
        precondition(bytes >= 0, "a value size is not negative")
        return Data(repeating: UInt8(ascii: "v"), count: bytes)
    }
}

/// Which requests of a mixed load are reads: spread evenly, so that any stretch of requests
/// has the read ratio (up to one request), not all the reads first.
enum Mix {
    static func isRead(_ index: Int, readRatio: Double) -> Bool {
        precondition(index >= 0, "request numbers are not negative")
        precondition((0...1).contains(readRatio), "a ratio is between 0 and 1")
        return (Double(index + 1) * readRatio).rounded(.down) > (Double(index) * readRatio).rounded(.down)
    }
}
