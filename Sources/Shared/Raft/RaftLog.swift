/// The log as Raft sees it: the persisted part in storage, then the unstable tail.
struct RaftLog {
    let storage: RaftStorage
    var unstable: UnstableLog
    /// The highest index known to be on a quorum.
    private(set) var committed: UInt64
    /// The highest index handed to the application in a `Ready`.
    private(set) var applying: UInt64
    /// The highest index the application has applied (acknowledged through `advance`).
    private(set) var applied: UInt64
    let maxApplyingBytes: UInt64

    init(storage: RaftStorage, maxApplyingBytes: UInt64) {
        self.storage = storage
        self.maxApplyingBytes = maxApplyingBytes
        let first = storage.firstIndex()
        unstable = UnstableLog(offset: storage.lastIndex() + 1)
        committed = first - 1
        applying = first - 1
        applied = first - 1
    }

    var firstIndex: UInt64 { unstable.firstIndex ?? storage.firstIndex() }

    var lastIndex: UInt64 { unstable.lastIndex ?? storage.lastIndex() }

    /// The last index that is persisted and still part of this log, which is what a leader
    /// may count for itself towards a quorum.
    var lastStableIndex: UInt64 {
        if unstable.snapshot != nil { return 0 }
        return min(storage.lastIndex(), unstable.offset - 1)
    }

    /// The term at `index`, or nil when it is compacted away or beyond the end.
    func term(at index: UInt64) -> UInt64? {
        if let t = unstable.term(at: index) { return t }
        guard index + 1 >= firstIndex, index <= lastIndex else { return nil }
        return try? storage.term(at: index)
    }

    var lastTerm: UInt64 {
        guard let t = term(at: lastIndex) else { preconditionFailure("no term for the last index \(lastIndex)") }
        return t
    }

    func matchTerm(_ index: UInt64, _ term: UInt64) -> Bool { self.term(at: index) == term }

    /// Whether a candidate whose log ends at (`index`, `term`) is at least as up to date as us.
    func isUpToDate(index: UInt64, term: UInt64) -> Bool {
        term > lastTerm || (term == lastTerm && index >= lastIndex)
    }

    /// Appends a leader's entries after (`index`, `logTerm`) if our log matches there.
    /// Returns the index of the last new entry, or nil on a mismatch.
    mutating func maybeAppend(index: UInt64, logTerm: UInt64, commit: UInt64, entries: [Entry]) -> UInt64? {
        guard matchTerm(index, logTerm) else { return nil }
        let lastNew = index + UInt64(entries.count)
        let conflict = findConflict(entries)
        if conflict != 0 {
            precondition(conflict > committed, "entry \(conflict) conflicts with committed entry \(committed)")
            append(Array(entries[Int(conflict - (index + 1))...]))
        }
        commitTo(min(commit, lastNew))
        return lastNew
    }

    /// Appends entries (a leader's own, or a follower's after the match check); returns the last index.
    @discardableResult
    mutating func append(_ entries: [Entry]) -> UInt64 {
        guard let first = entries.first else { return lastIndex }
        precondition(first.index > committed, "appending at \(first.index) would overwrite committed \(committed)")
        unstable.truncateAndAppend(entries)
        return lastIndex
    }

    /// The first entry whose term differs from ours at the same index (a new entry counts),
    /// or 0 when all of them are already present.
    func findConflict(_ entries: [Entry]) -> UInt64 {
        for entry in entries where !matchTerm(entry.index, entry.term) { return entry.index }
        return 0
    }

    /// The largest index at or below `index` whose term is at most `term`, for fast
    /// backtracking: a whole term of mismatching entries is skipped in one round trip.
    func findConflictByTerm(index: UInt64, term: UInt64) -> (index: UInt64, term: UInt64) {
        var i = index
        while true {
            guard let t = self.term(at: i) else { return (i, 0) }
            if t <= term || i == 0 { return (i, t) }
            i -= 1
        }
    }

    var hasPendingSnapshot: Bool { unstable.snapshot != nil }

    /// Committed entries not yet handed to the application; none while a snapshot waits,
    /// since it must be applied first.
    func nextCommittedEntries() -> [Entry] {
        if hasPendingSnapshot { return [] }
        let low = max(applying + 1, firstIndex)
        let high = committed + 1
        guard low < high else { return [] }
        guard let entries = try? slice(low, high, maxBytes: maxApplyingBytes) else {
            preconditionFailure("committed entries [\(low), \(high)) are unavailable")
        }
        return entries
    }

    var hasNextCommittedEntries: Bool {
        !hasPendingSnapshot && max(applying + 1, firstIndex) <= committed
    }

    func unstableEntries() -> [Entry] { unstable.entries }

    mutating func commitTo(_ index: UInt64) {
        guard index > committed else { return }
        precondition(index <= lastIndex, "commit \(index) is beyond the last index \(lastIndex)")
        committed = index
    }

    mutating func acceptApplying(_ index: UInt64) {
        precondition(index <= committed, "applying \(index) beyond commit \(committed)")
        applying = max(applying, index)
    }

    mutating func appliedTo(_ index: UInt64) {
        guard index > 0 else { return }
        precondition(index <= committed && index >= applied, "applied \(index) outside [\(applied), \(committed)]")
        applied = index
        applying = max(applying, index)
    }

    /// Commits up to `index` only if that entry is from `term`: the leader's quorum count
    /// proves nothing about entries of earlier terms (Raft's Figure 8).
    mutating func maybeCommit(index: UInt64, term: UInt64) -> Bool {
        guard index > committed, self.term(at: index) == term else { return false }
        commitTo(index)
        return true
    }

    mutating func restore(_ snapshot: Snapshot) {
        committed = snapshot.metadata.index
        unstable.restore(snapshot)
    }

    func snapshot() throws(StorageError) -> Snapshot {
        if let snapshot = unstable.snapshot { return snapshot }
        return try storage.snapshot()
    }

    /// Entries from `index` to the end, limited to `maxBytes` (but at least one).
    func entries(from index: UInt64, maxBytes: UInt64) throws(StorageError) -> [Entry] {
        guard index <= lastIndex else { return [] }
        return try slice(index, lastIndex + 1, maxBytes: maxBytes)
    }

    /// Entries in `[low, high)`, stitched from storage and the unstable tail.
    func slice(_ low: UInt64, _ high: UInt64, maxBytes: UInt64) throws(StorageError) -> [Entry] {
        precondition(low <= high, "slice: low \(low) > high \(high)")
        if low < firstIndex { throw .compacted }
        precondition(high <= lastIndex + 1, "slice [\(low), \(high)) beyond the last index \(lastIndex)")
        if low == high { return [] }
        var result: [Entry] = []
        if low < unstable.offset {
            let stored = try storage.entries(from: low, to: min(high, unstable.offset), maxBytes: maxBytes)
            // Storage stopped early (size limit): what it gave is the answer.
            if UInt64(stored.count) < min(high, unstable.offset) - low { return stored }
            result = stored
        }
        if high > unstable.offset {
            result.append(contentsOf: unstable.slice(max(low, unstable.offset), high))
        }
        return limitSize(result[...], maxBytes: maxBytes)
    }
}
