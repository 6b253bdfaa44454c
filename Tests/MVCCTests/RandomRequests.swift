@testable import MVCC
import TestSupport

/// Random requests over a small key space, so that puts, deletes, ranges, compares and
/// compactions keep running into each other. `revision` steers revisions near the live ones.
struct RandomRequests {
    /// Includes 0x00 and 0xFF bytes, a key that is a prefix of others, and neighbours.
    static let keys: [[UInt8]] = [[0x00], [0x61], [0x61, 0x00], [0x61, 0x62], [0x62], [0x63, 0xFF], [0xFF], [0xFF, 0xFF]]
    static let values: [[UInt8]] = [[], [0x31], [0x32], [0x31, 0x32], [0xFF]]
    static let leaseIDs: [Int64] = [1, 2, 3, -4]

    var rng: SeededRandom

    mutating func key() -> [UInt8] {
        if rng.chance(2) { return [] }
        if rng.chance(1) { return [UInt8](repeating: 0x61, count: ReferenceModel.maxKeyBytes + 1) }
        return rng.pick(Self.keys)
    }

    /// Empty (one key), `"\0"` (to the end), a prefix end, or any key (possibly below the start).
    mutating func rangeEnd(for key: [UInt8]) -> [UInt8] {
        switch Int.random(in: 0..<4, using: &rng) {
        case 0: return []
        case 1: return [0]
        case 2: return prefixEnd(key)
        default: return rng.pick(Self.keys)
        }
    }

    private func prefixEnd(_ key: [UInt8]) -> [UInt8] {
        var end = key
        while let last = end.last {
            if last < 0xFF {
                end[end.count - 1] = last + 1
                return end
            }
            end.removeLast()
        }
        return [0]
    }

    mutating func revision(around state: StoreState) -> Int64 {
        if rng.chance(30) { return 0 }
        return Int64.random(in: max(state.compactRevision - 1, -1)...(state.revision + 1), using: &rng)
    }

    mutating func lease() -> Int64 {
        if rng.chance(60) { return 0 }
        return rng.chance(10) ? 99 : rng.pick(Self.leaseIDs)
    }

    mutating func put() -> PutRequest {
        PutRequest(
            key: key(), value: rng.pick(Self.values), lease: lease(), prevKV: rng.chance(50),
            ignoreValue: rng.chance(10), ignoreLease: rng.chance(10))
    }

    mutating func deleteRange() -> DeleteRangeRequest {
        let start = key()
        return DeleteRangeRequest(key: start, rangeEnd: rangeEnd(for: start), prevKV: rng.chance(50))
    }

    mutating func range(around state: StoreState) -> RangeRequest {
        let start = rng.chance(10) ? [0] : key()
        return RangeRequest(
            key: start, rangeEnd: rng.chance(10) ? [0] : rangeEnd(for: start),
            limit: rng.chance(40) ? Int64.random(in: 1...3, using: &rng) : 0,
            revision: revision(around: state),
            sortOrder: rng.pick([.none, .ascend, .descend]),
            sortTarget: rng.pick([.key, .version, .create, .mod, .value]),
            keysOnly: rng.chance(15), countOnly: rng.chance(10),
            minModRevision: rng.chance(15) ? revision(around: state) : 0,
            maxModRevision: rng.chance(15) ? revision(around: state) : 0,
            minCreateRevision: rng.chance(15) ? revision(around: state) : 0,
            maxCreateRevision: rng.chance(15) ? revision(around: state) : 0)
    }

    mutating func compare(around state: StoreState) -> Compare {
        let start = key()
        let target: Compare.Target = switch Int.random(in: 0..<5, using: &rng) {
        case 0: .version(Int64.random(in: 0...3, using: &rng))
        case 1: .create(revision(around: state))
        case 2: .mod(revision(around: state))
        case 3: .value(rng.pick(Self.values))
        default: .lease(rng.chance(50) ? 0 : rng.pick(Self.leaseIDs))
        }
        return Compare(
            key: start, rangeEnd: rng.chance(25) ? rangeEnd(for: start) : [], target: target,
            result: rng.pick([.equal, .greater, .less, .notEqual]))
    }

    mutating func txn(around state: StoreState, depth: Int) -> TxnRequest {
        let compares = (0..<Int.random(in: 0...2, using: &rng)).map { _ in compare(around: state) }
        return TxnRequest(
            compare: compares, success: ops(around: state, depth: depth), failure: ops(around: state, depth: depth))
    }

    private mutating func ops(around state: StoreState, depth: Int) -> [RequestOp] {
        (0..<Int.random(in: 0...3, using: &rng)).map { _ in
            switch Int.random(in: 0..<10, using: &rng) {
            case 0..<4: .put(put())
            case 4..<6: .deleteRange(deleteRange())
            case 6..<9: .range(range(around: state))
            default: depth > 0 ? .txn(txn(around: state, depth: depth - 1)) : .put(put())
            }
        }
    }

    mutating func request(around state: StoreState) -> Request {
        switch Int.random(in: 0..<100, using: &rng) {
        case 0..<35: .put(put())
        case 35..<45: .deleteRange(deleteRange())
        case 45..<75: .txn(txn(around: state, depth: 2))
        case 75..<82: .compact(revision: revision(around: state))
        case 82..<92: .leaseGrant(id: rng.chance(10) ? 0 : rng.pick(Self.leaseIDs), ttl: rng.chance(5) ? 9_000_000_001 : 10)
        case 92..<97: .leaseRevoke(id: rng.chance(10) ? 99 : rng.pick(Self.leaseIDs))
        default: .alarm(AlarmChange(action: rng.pick(AlarmChange.Action.allCases),
                                    member: AlarmMember(memberID: rng.pick([1, 2]), alarm: rng.pick(AlarmType.allCases))))
        }
    }
}
