import Foundation
import Synchronization

/// Picks ids for grants that name none, as etcd's request id generator does: the member id's
/// low 16 bits, then the start time in milliseconds (40 bits) and a counter (8 bits) that
/// carries into it, so that ids from different members and restarts do not collide. Always
/// positive and nonzero.
final class LeaseIDGenerator: Sendable {
    private let prefix: UInt64
    private let suffix: Atomic<UInt64>

    private static let suffixMask: UInt64 = (1 << 48) - 1

    init(memberID: UInt64, startMilliseconds: UInt64 = UInt64(Date().timeIntervalSince1970 * 1_000)) {
        prefix = (memberID & 0xFFFF) << 48
        suffix = Atomic((startMilliseconds & ((1 << 40) - 1)) << 8)
    }

    func next() -> Int64 {
        for _ in 0..<2 {
            let suffix = suffix.wrappingAdd(1, ordering: .relaxed).newValue
            let id = Int64(bitPattern: (prefix | (suffix & Self.suffixMask)) & UInt64(Int64.max))
            if id != 0 { return id }
        }
        preconditionFailure("lease id generator produced 0 twice in a row")
    }
}
