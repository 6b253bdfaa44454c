/// Folds records, in log order, into what opening after a snapshot returns: the metadata,
/// the last hard state and the entries after the snapshot, with overwritten tails replaced.
/// Pure: open feeds it records and turns a violation into an error naming the place.
struct LogReplay {
    let snapshot: WALSnapshotMarker
    private(set) var metadata: WALMetadata?
    private(set) var hardState: WALHardState?
    /// Entries after `snapshot.index`; entry `i` has index `snapshot.index + 1 + i`.
    private(set) var entries: [WALEntry] = []
    private(set) var continuity = IndexContinuity()
    /// Every snapshot marker read, in order: release keeps the segments they need.
    private(set) var markers: [WALSnapshotMarker] = []
    private(set) var snapshotFound = false
    /// The term of the last entry read at the snapshot's index, which must match the snapshot.
    private(set) var termAtSnapshotIndex: UInt64?

    struct Violation: Error, Equatable {
        let kind: WALError.Kind
        let detail: String
    }

    init(after snapshot: WALSnapshotMarker) {
        self.snapshot = snapshot
    }

    mutating func apply(_ record: WALRecord) -> Violation? {
        if let gap = continuity.admit(record) {
            return Violation(kind: .indexGap, detail: gap)
        }
        switch record {
        case .crcCarry:
            return nil
        case .metadata(let found):
            // Agreement between segments is SegmentChain's check; the first one read is the answer.
            if metadata == nil { metadata = found }
            return nil
        case .hardState(let state):
            hardState = state
            return nil
        case .snapshotMarker(let marker):
            return apply(marker)
        case .entry(let entry):
            return apply(entry)
        }
    }

    private mutating func apply(_ marker: WALSnapshotMarker) -> Violation? {
        markers.append(marker)
        guard marker.index == snapshot.index else { return nil }
        guard marker.term == snapshot.term else {
            return Violation(kind: .snapshotMismatch, detail: "snapshot marker at index \(marker.index) has term \(marker.term), expected term \(snapshot.term)")
        }
        snapshotFound = true
        return nil
    }

    private mutating func apply(_ entry: WALEntry) -> Violation? {
        guard entry.index > snapshot.index else {
            if entry.index == snapshot.index { termAtSnapshotIndex = entry.term }
            entries.removeAll()
            return nil
        }
        let position = entry.index - snapshot.index - 1
        guard position <= UInt64(entries.count) else {
            return Violation(kind: .indexGap, detail: "entry index \(entry.index) leaves a gap after index \(snapshot.index + UInt64(entries.count)) (snapshot at \(snapshot.index))")
        }
        entries.removeSubrange(Int(position)...)
        entries.append(entry)
        return nil
    }

    /// What must hold once every record is read.
    func finish() -> Violation? {
        guard snapshotFound else {
            return Violation(kind: .snapshotNotFound, detail: "no snapshot marker at index \(snapshot.index) term \(snapshot.term)")
        }
        if let termAtSnapshotIndex, termAtSnapshotIndex != snapshot.term {
            return Violation(kind: .snapshotMismatch, detail: "the entry at snapshot index \(snapshot.index) has term \(termAtSnapshotIndex), expected \(snapshot.term)")
        }
        return nil
    }
}
