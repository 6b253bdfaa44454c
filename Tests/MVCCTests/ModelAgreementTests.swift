@testable import MVCC
import TestSupport
import Testing

/// Random sequences of requests, reads, compactions, replays, reopens and defragmentations,
/// in which the LMDB store and the reference model must agree on everything. A failure names
/// its seed, and `ModelCheck(seed:path:)` replays that sequence exactly.
@Suite struct ModelAgreementTests {
    static let chunks = 40
    static let sequencesPerChunk = 50
    static let stepsPerSequence = 60

    @Test(arguments: 0..<chunks)
    func randomSequencesAgree(chunk: Int) throws {
        let scratch = ScratchDirectory()
        for offset in 0..<Self.sequencesPerChunk {
            let seed = UInt64(chunk * Self.sequencesPerChunk + offset)
            var check = try ModelCheck(seed: seed, path: scratch.file("seq-\(seed).mdb"))
            let agreed = try check.run(steps: Self.stepsPerSequence)
            #expect(agreed, "sequence with seed \(seed) disagreed")
            if !agreed { return }
        }
    }
}

struct ModelCheck {
    let seed: UInt64
    let path: String
    private var store: MVCCStore
    private var model = ReferenceModel()
    private var random: RandomRequests
    private var batches: [[IndexedRequest]] = []
    private var nextIndex: UInt64 = 1

    init(seed: UInt64, path: String) throws {
        self.seed = seed
        self.path = path
        store = try openTestStore(path)
        random = RandomRequests(rng: SeededRandom(seed: seed))
    }

    /// false (with an issue recorded) at the first disagreement.
    mutating func run(steps: Int) throws -> Bool {
        for step in 0..<steps {
            let agreed = switch Int.random(in: 0..<100, using: &random.rng) {
            case 0..<50: try applyBatch(step)
            case 50..<72: try readRange(step)
            case 72..<84: try readEvents(step)
            case 84..<88: try reopen(step)
            case 88: try defragment(step)
            case 89..<94: try replay(step)
            default: try checkEveryRevision(step)
            }
            if !agreed { return false }
        }
        let agreed = try checkEveryRevision(steps)
        store.close()
        return agreed
    }

    private func agree<T: Equatable>(_ actual: T, _ expected: T, _ step: Int, _ what: @autoclosure () -> String) -> Bool {
        if actual == expected { return true }
        Issue.record("seed \(seed) step \(step): \(what())\n store: \(actual)\n model: \(expected)")
        return false
    }

    private mutating func applyBatch(_ step: Int) throws -> Bool {
        let state = model.state
        let batch = (0..<Int.random(in: 1...3, using: &random.rng)).map { offset in
            IndexedRequest(index: nextIndex + UInt64(offset), request: random.request(around: state))
        }
        nextIndex += UInt64(batch.count)
        batches.append(batch)
        let actual = try store.apply(batch)
        let expected = model.apply(batch)
        return try agree(actual, expected, step, "apply \(batch)") && agree(store.state(), model.state, step, "state")
    }

    private mutating func readRange(_ step: Int) throws -> Bool {
        let request = random.range(around: model.state)
        return agree(Result { () throws(MVCCError) in try store.range(request) }, model.range(request), step, "range \(request)")
    }

    private mutating func readEvents(_ step: Int) throws -> Bool {
        let from = random.revision(around: model.state)
        let key = random.rng.chance(20) ? [0] : random.key()
        let rangeEnd = random.rangeEnd(for: key)
        let prevKV = random.rng.chance(50)
        let limit = random.rng.chance(30) ? Int.random(in: 1...3, using: &random.rng) : 0
        let actual = Result { () throws(MVCCError) in
            try store.events(fromRevision: from, key: key, rangeEnd: rangeEnd, prevKV: prevKV, limit: limit)
        }
        let expected = model.events(from: from, key: key, rangeEnd: rangeEnd, prevKV: prevKV, limit: limit)
        return agree(actual, expected, step, "events from \(from) of \(key)..\(rangeEnd) limit \(limit)")
    }

    private mutating func reopen(_ step: Int) throws -> Bool {
        store.close()
        store = try openTestStore(path)
        return agree(try store.state(), model.state, step, "state after reopen")
    }

    private mutating func defragment(_ step: Int) throws -> Bool {
        _ = try store.defragment()
        return agree(try store.state(), model.state, step, "state after defragment")
    }

    /// An applied batch again, sometimes followed by a new entry: only the new one applies.
    private mutating func replay(_ step: Int) throws -> Bool {
        guard var batch = batches.randomElement(using: &random.rng) else { return true }
        if random.rng.chance(50) {
            batch.append(IndexedRequest(index: nextIndex, request: random.request(around: model.state)))
            nextIndex += 1
        }
        let actual = try store.apply(batch)
        let expected = model.apply(batch)
        return try agree(actual, expected, step, "replay \(batch)") && agree(store.state(), model.state, step, "state")
    }

    /// Every key at every revision still readable, the leases and their keys.
    private func checkEveryRevision(_ step: Int) throws -> Bool {
        for revision in max(model.compactRevision, 1)...model.revision {
            let request = RangeRequest(key: [0], rangeEnd: [0], revision: revision)
            guard agree(try store.range(request), try model.range(request).get(), step, "all keys at \(revision)") else {
                return false
            }
        }
        let leases = model.leases.map { Lease(id: $0.key, ttl: $0.value) }.sorted { $0.id < $1.id }
        guard agree(try store.leases(), leases, step, "leases") else { return false }
        for lease in leases {
            let expected = model.liveKeys(start: [0], end: [0], upTo: nil).filter { $0.lease == lease.id }.map(\.key)
            guard agree(try store.leaseKeys(id: lease.id), expected, step, "keys of lease \(lease.id)") else {
                return false
            }
        }
        return true
    }
}
