/// The index rule the WAL enforces: an entry may repeat or go back (Raft overwriting a tail),
/// but never skip ahead. A snapshot marker moves the last index up to the snapshot, because
/// a member that installs a snapshot continues its log right after it.
struct IndexContinuity: Equatable {
    /// The index the log ends at, as far as records read so far say; nil before any.
    private(set) var lastIndex: UInt64?

    init(lastIndex: UInt64? = nil) {
        self.lastIndex = lastIndex
    }

    /// Describes the gap an entry at `entryIndex` would leave, or nil if it may come next.
    func gap(before entryIndex: UInt64) -> String? {
        guard let lastIndex, entryIndex > lastIndex + 1 else { return nil }
        return "entry index \(entryIndex) follows index \(lastIndex), expected at most \(lastIndex + 1)"
    }

    /// Takes any record: entries and snapshot markers move the index. Returns the gap an
    /// entry would leave instead of taking it.
    mutating func admit(_ record: WALRecord) -> String? {
        switch record {
        case .entry(let entry):
            if let gap = gap(before: entry.index) { return gap }
            admit(entryIndex: entry.index)
        case .snapshotMarker(let marker):
            admit(snapshot: marker)
        case .metadata, .hardState, .crcCarry:
            break
        }
        return nil
    }

    mutating func admit(entryIndex: UInt64) {
        precondition(gap(before: entryIndex) == nil, "admitting an entry that leaves a gap")
        lastIndex = entryIndex
    }

    mutating func admit(snapshot marker: WALSnapshotMarker) {
        lastIndex = Swift.max(lastIndex ?? 0, marker.index)
    }
}
