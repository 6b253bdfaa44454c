@testable import MVCC
import TestSupport
import Testing

/// The Raft entry payload codec: every request survives a round trip, and bytes it did not
/// write are refused with an error, never a trap.
struct RequestCodecTests {
    /// Requests at the edges that random ones rarely reach.
    static let edgeRequests: [Request] = [
        .put(PutRequest(key: [0x00], value: [], lease: Int64.min, prevKV: true, ignoreValue: true, ignoreLease: true)),
        .put(PutRequest(key: Array(repeating: 0xFF, count: 300), value: Array(repeating: 0x80, count: 70_000), lease: Int64.max)),
        .deleteRange(DeleteRangeRequest(key: [], rangeEnd: [0], prevKV: true)),
        .compact(revision: -1),
        .leaseGrant(id: Int64.max, ttl: 0),
        .leaseRevoke(id: Int64.min),
        .alarm(AlarmChange(action: .activate, member: AlarmMember(memberID: UInt64.max, alarm: .noSpace))),
        .alarm(AlarmChange(action: .deactivate, member: AlarmMember(memberID: 0, alarm: .corrupt))),
        .txn(TxnRequest()),
        .txn(TxnRequest(
            compare: [
                Compare(key: [1], rangeEnd: [2], target: .version(Int64.min), result: .equal),
                Compare(key: [1], target: .create(Int64.max), result: .greater),
                Compare(key: [1], target: .mod(0), result: .less),
                Compare(key: [1], target: .value([0, 0xFF]), result: .notEqual),
                Compare(key: [1], target: .lease(-1), result: .equal),
            ],
            success: [.range(RangeRequest(
                key: [3], rangeEnd: [0], limit: Int64.max, revision: Int64.min, sortOrder: .descend, sortTarget: .value,
                keysOnly: true, countOnly: true, minModRevision: 1, maxModRevision: 2, minCreateRevision: 3, maxCreateRevision: 4))],
            failure: [.txn(TxnRequest(success: [.deleteRange(DeleteRangeRequest(key: [4]))], failure: [.put(PutRequest(key: [5]))]))])),
        nested(depth: Request.maxTxnNestingDepth),
    ]

    /// Txns nested `depth` deep through their success branches, the innermost empty.
    static func nested(depth: Int) -> Request {
        var txn = TxnRequest()
        for _ in 1..<depth { txn = TxnRequest(success: [.txn(txn)]) }
        return .txn(txn)
    }

    @Test func versionByteComesFirst() {
        #expect(Request.compact(revision: 5).encoded() == [1, 4, 10])
    }

    /// By position, so that a failure names the case without printing a 70 kB request.
    @Test(arguments: edgeRequests.indices)
    func edgeRequestsRoundTrip(position: Int) throws {
        let request = Self.edgeRequests[position]
        #expect(try Request(decoding: request.encoded()) == request)
    }

    @Test(arguments: 0..<20)
    func randomRequestsRoundTrip(seed: UInt64) throws {
        var random = RandomRequests(rng: SeededRandom(seed: seed))
        let state = StoreState(revision: 40, compactRevision: 10, appliedIndex: 0)
        for _ in 0..<200 {
            let request = random.request(around: state)
            let decoded = try Request(decoding: request.encoded())
            #expect(decoded == request, "seed \(seed)")
            if decoded != request { return }
        }
    }

    @Test(arguments: [0, 2, 4, 7, 8])
    func everyTruncationThrows(position: Int) {
        let bytes = Self.edgeRequests[position].encoded()
        for length in 0..<bytes.count {
            #expect(throws: RequestDecodingError.self, "length \(length) of \(bytes.count)") {
                try Request(decoding: Array(bytes[..<length]))
            }
        }
    }

    @Test(arguments: [
        ([UInt8](), "truncated"),
        ([2, 4, 0], "unknown format version 2"),
        ([1, 99], "unknown request tag 99"),
        ([1, 7, 0, 0, 0], "a range is not a request"),
        ([1, 4, 0, 0], "1 bytes after the request"),
        ([1, 1, 8, 0, 0, 0], "unknown flag bits"),
        ([1, 2, 2, 0, 0], "unknown flag bits"),
        ([1, 4] + Array(repeating: 0xFF, count: 9) + [2], "overflows 64 bits"),
        ([1, 1, 0, 0xFF, 0xFF, 0xFF, 0xFF, 0x0F], "truncated: a count of"),
        ([1, 3, 0, 1, 4, 0, 0, 0, 0], "cannot be a txn op"),
        ([1, 3, 1, 0, 0, 0, 9, 0, 0, 0], "unknown compare target 9"),
        ([1, 3, 1, 0, 0, 4, 0, 0, 0, 0], "unknown compare result 4"),
        ([1, 3, 0, 1, 7, 0, 0, 0, 0, 0, 3, 0, 0, 0, 0, 0, 0, 0], "unknown sort order 3"),
    ])
    func garbageThrows(bytes: [UInt8], reason: String) {
        do {
            let request = try Request(decoding: bytes)
            Issue.record("decoded \(request) from \(bytes)")
        } catch {
            #expect(error.reason.contains(reason), "\(error)")
        }
    }

    @Test func nestingDeeperThanTheLimitThrows() throws {
        let depth = Request.maxTxnNestingDepth + 1
        let opening = (0..<(depth - 1)).flatMap { _ in [UInt8](arrayLiteral: 3, 0, 1) }
        let bytes = [1] + opening + [3, 0, 0, 0] + [UInt8](repeating: 0, count: depth - 1)
        #expect(throws: RequestDecodingError.self) { try Request(decoding: bytes) }
        let withinLimit = [1] + Array(opening.dropFirst(3)) + [3, 0, 0, 0] + [UInt8](repeating: 0, count: depth - 2)
        #expect(Self.nested(depth: depth - 1).encoded() == withinLimit)
        #expect(try Request(decoding: withinLimit) == Self.nested(depth: depth - 1))
    }

    /// Random bytes after the version byte: whatever decodes must re-encode to the same request.
    @Test func randomBytesNeverTrap() throws {
        var rng = SeededRandom(seed: 7)
        for _ in 0..<20_000 {
            let bytes = [1] + (0..<Int.random(in: 0...40, using: &rng)).map { _ in
                rng.chance(50) ? UInt8.random(in: 0...7, using: &rng) : UInt8.random(in: 0...255, using: &rng)
            }
            guard let request = try? Request(decoding: bytes) else { continue }
            #expect(try Request(decoding: request.encoded()) == request, "\(bytes)")
        }
    }
}
