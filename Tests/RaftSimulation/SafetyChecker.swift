import Raft

/// The ground truth the run has seen so far, and the Raft safety properties checked
/// against it on every event.
struct SafetyChecker {
    struct Violation: Error { var message: String }

    private var leaderOfTerm: [UInt64: NodeID] = [:]
    /// (index, term) -> (payload hash, term of the previous entry when known).
    private var logRecord: [LogKey: (payload: UInt64, previousTerm: UInt64?)] = [:]
    /// What was applied at each index, by whoever applied it first.
    private var applied: [UInt64: (term: UInt64, payload: UInt64, state: UInt64)] = [:]
    private(set) var highestApplied: UInt64 = 0
    /// The highest commit index any member has reached, persisted or not: every entry up to
    /// it is committed, and a client may have been told so.
    private(set) var knownCommit: UInt64 = 0
    /// For each read issued: the commit known when it began.
    private var readStarts: [[UInt8]: UInt64] = [:]

    struct LogKey: Hashable {
        var index: UInt64
        var term: UInt64
    }

    /// Election safety: at most one leader per term.
    mutating func observeLeader(_ id: NodeID, term: UInt64) throws(Violation) {
        if let other = leaderOfTerm[term], other != id {
            throw Violation(message: "election safety: \(other) and \(id) are both leaders of term \(term)")
        }
        leaderOfTerm[term] = id
    }

    /// Log matching, inductively: the same (index, term) always holds the same payload and
    /// follows the same previous term, so equal entries imply equal prefixes.
    mutating func observePersisted(_ entry: Entry, previousTerm: UInt64?, on node: NodeID) throws(Violation) {
        let key = LogKey(index: entry.index, term: entry.term)
        let payload = payloadHash(entry.data) ^ UInt64(entry.kind.rawValue)
        if let seen = logRecord[key] {
            if seen.payload != payload {
                throw Violation(message: "log matching: node \(node) holds a different entry at index \(entry.index) term \(entry.term)")
            }
            if let a = seen.previousTerm, let b = previousTerm, a != b {
                throw Violation(message: "log matching: node \(node) entry \(entry.index)/\(entry.term) follows term \(b), another log's follows \(a)")
            }
            if seen.previousTerm == nil, previousTerm != nil { logRecord[key] = (payload, previousTerm) }
        } else {
            logRecord[key] = (payload, previousTerm)
        }
    }

    mutating func observeCommit(_ commit: UInt64) {
        knownCommit = max(knownCommit, commit)
    }

    /// State-machine safety: every member applies the same entry at each index and so
    /// reaches the same state.
    mutating func observeApplied(_ entry: Entry, stateAfter: UInt64, on node: NodeID) throws(Violation) {
        let payload = payloadHash(entry.data) ^ UInt64(entry.kind.rawValue)
        if let seen = applied[entry.index] {
            if seen.term != entry.term || seen.payload != payload || seen.state != stateAfter {
                throw Violation(message: "state machine safety: node \(node) applied a different entry at index \(entry.index) (term \(entry.term), first applied with term \(seen.term))")
            }
        } else {
            applied[entry.index] = (entry.term, payload, stateAfter)
            highestApplied = max(highestApplied, entry.index)
        }
    }

    func checkSnapshotState(index: UInt64, state: UInt64, on node: NodeID) throws(Violation) {
        guard index > 0 else { return }
        guard let seen = applied[index] else {
            throw Violation(message: "node \(node) restored a snapshot at \(index) that no member applied")
        }
        if seen.state != state {
            throw Violation(message: "state machine safety: node \(node) restored a snapshot at \(index) with a different state")
        }
    }

    /// Leader completeness: a new leader's log holds every entry applied anywhere.
    func checkLeaderCompleteness(_ raft: RaftNode) throws(Violation) {
        guard highestApplied > 0 else { return }
        let first = max(raft.firstIndex, 1)
        guard first <= highestApplied else { return }
        for index in first...highestApplied {
            guard let expected = applied[index]?.term else { continue }
            let actual = raft.term(at: index)
            if actual != expected {
                throw Violation(message: "leader completeness: leader \(raft.id) of term \(raft.status.hardState.term) has term \(actual.map(String.init) ?? "none") at committed index \(index), expected \(expected)")
            }
        }
    }

    mutating func readStarted(context: [UInt8]) {
        readStarts[context] = knownCommit
    }

    /// Read safety at the read point: a linearizable read covers every write committed, by
    /// any leader, before the read began.
    func checkReadState(index: UInt64, context: [UInt8], on node: NodeID) throws(Violation) {
        let start = try readStart(context, on: node)
        if index < start {
            throw Violation(message: "read safety: node \(node) got read index \(index), but \(start) was committed before the read began")
        }
    }

    /// Read safety where the read is served: the state it returns includes every write
    /// committed before the read began, whatever read index the member was given.
    func checkServedRead(context: [UInt8], appliedIndex: UInt64, on node: NodeID) throws(Violation) {
        let start = try readStart(context, on: node)
        if appliedIndex < start {
            throw Violation(message: "read safety: node \(node) served a read at applied index \(appliedIndex), but \(start) was committed before the read began")
        }
    }

    private func readStart(_ context: [UInt8], on node: NodeID) throws(Violation) -> UInt64 {
        guard let start = readStarts[context] else {
            throw Violation(message: "node \(node) got a read state for an unknown request")
        }
        return start
    }
}
