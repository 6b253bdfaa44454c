public enum StorageError: Error, Hashable, Sendable {
    /// The requested index is below the first index: it was compacted into a snapshot.
    case compacted
    /// The requested index is beyond the last index.
    case unavailable
    /// A snapshot older than the one the storage already has.
    case snapshotOutOfDate
    /// The snapshot is being made; the leader tries again later.
    case snapshotTemporarilyUnavailable
}

/// The stable (persisted) part of the log, read by Raft. The application writes to it after
/// persisting a `Ready`, and before calling `advance`; Raft never writes to it.
public protocol RaftStorage: AnyObject {
    /// The persisted hard state and configuration; what a restarted member begins from.
    func initialState() -> (HardState, ConfState)
    /// Entries in `[low, high)`, at least one if any, at most `maxBytes` beyond the first.
    func entries(from low: UInt64, to high: UInt64, maxBytes: UInt64) throws(StorageError) -> [Entry]
    /// The term of the entry at `index`, valid from `firstIndex() - 1` to `lastIndex()`.
    func term(at index: UInt64) throws(StorageError) -> UInt64
    func firstIndex() -> UInt64
    func lastIndex() -> UInt64
    func snapshot() throws(StorageError) -> Snapshot
}

/// Limits a run of entries to `maxBytes`, always keeping the first so progress is possible.
func limitSize(_ entries: ArraySlice<Entry>, maxBytes: UInt64) -> [Entry] {
    guard let first = entries.first else { return [] }
    var total = first.sizeBytes
    var end = entries.startIndex + 1
    while end < entries.endIndex {
        total += entries[end].sizeBytes
        if total > maxBytes { break }
        end += 1
    }
    return Array(entries[entries.startIndex..<end])
}

/// A `RaftStorage` held in memory. The server keeps one in front of its WAL (holding the
/// entries since the last snapshot); the simulator uses one per node as its "disk".
public final class MemoryStorage: RaftStorage {
    public private(set) var hardState = HardState()
    private var currentSnapshot: Snapshot
    /// `entries[0]` is a dummy standing for the snapshot's index and term.
    private var entries: [Entry]

    public init(confState: ConfState = ConfState()) {
        currentSnapshot = Snapshot(metadata: SnapshotMetadata(confState: confState))
        entries = [Entry()]
    }

    public func initialState() -> (HardState, ConfState) { (hardState, currentSnapshot.metadata.confState) }

    public func setHardState(_ state: HardState) { hardState = state }

    private var offset: UInt64 { entries[0].index }

    public func firstIndex() -> UInt64 { offset + 1 }

    public func lastIndex() -> UInt64 { offset + UInt64(entries.count) - 1 }

    public func term(at index: UInt64) throws(StorageError) -> UInt64 {
        if index < offset { throw .compacted }
        if index > lastIndex() { throw .unavailable }
        return entries[Int(index - offset)].term
    }

    public func entries(from low: UInt64, to high: UInt64, maxBytes: UInt64) throws(StorageError) -> [Entry] {
        if low <= offset { throw .compacted }
        if high > lastIndex() + 1 { throw .unavailable }
        precondition(low <= high, "entries: low \(low) > high \(high)")
        return limitSize(entries[Int(low - offset)..<Int(high - offset)], maxBytes: maxBytes)
    }

    public func snapshot() throws(StorageError) -> Snapshot { currentSnapshot }

    /// Replaces the contents with a snapshot received from the leader.
    public func applySnapshot(_ snapshot: Snapshot) throws(StorageError) {
        if snapshot.metadata.index <= currentSnapshot.metadata.index { throw .snapshotOutOfDate }
        currentSnapshot = snapshot
        entries = [Entry(term: snapshot.metadata.term, index: snapshot.metadata.index)]
    }

    /// Records that the application's state at `index` is `data`, so a lagging follower can be
    /// sent it; the log is not shortened until `compact`.
    @discardableResult
    public func createSnapshot(index: UInt64, confState: ConfState, data: [UInt8]) throws(StorageError) -> Snapshot {
        if index <= currentSnapshot.metadata.index { throw .snapshotOutOfDate }
        precondition(index <= lastIndex(), "snapshot \(index) is beyond the last index \(lastIndex())")
        let term = entries[Int(index - offset)].term
        currentSnapshot = Snapshot(metadata: SnapshotMetadata(index: index, term: term, confState: confState), data: data)
        return currentSnapshot
    }

    /// Drops the entries before `index`; the entry at `index` becomes the dummy.
    public func compact(upTo index: UInt64) throws(StorageError) {
        if index <= offset { throw .compacted }
        precondition(index <= lastIndex(), "compact \(index) is beyond the last index \(lastIndex())")
        entries.removeFirst(Int(index - offset))
        entries[0].data = []
        entries[0].kind = .normal
    }

    /// Appends persisted entries, replacing any conflicting tail.
    public func append(_ newEntries: [Entry]) {
        guard let first = newEntries.first else { return }
        precondition(first.index <= lastIndex() + 1, "append leaves a gap: \(first.index) after \(lastIndex())")
        let last = first.index + UInt64(newEntries.count) - 1
        if last < firstIndex() { return }
        // Entries already compacted are dropped from the front of the batch.
        let skip = firstIndex() > first.index ? Int(firstIndex() - first.index) : 0
        let kept = newEntries[skip...]
        let keep = Int(kept.first!.index - offset)
        entries.removeSubrange(keep...)
        entries.append(contentsOf: kept)
    }
}

extension MemoryStorage {
    /// A founding member's storage: the configuration, plus one committed `addNode` entry per
    /// voter at term 1 (identical on every founder), so a member that joins later learns the
    /// founders by replaying the log.
    public static func bootstrap(voters: [NodeID]) -> MemoryStorage {
        let storage = MemoryStorage(confState: ConfState(voters: voters))
        let entries = Bootstrap.entries(voters: voters)
        storage.append(entries)
        storage.setHardState(HardState(term: 1, commit: UInt64(entries.count)))
        return storage
    }
}

/// The founding entries of a new cluster.
public enum Bootstrap {
    public static func entries(voters: [NodeID]) -> [Entry] {
        voters.sorted().enumerated().map { offset, id in
            Entry(term: 1, index: UInt64(offset) + 1, kind: .confChange,
                  data: ConfChange(kind: .addNode, nodeID: id).encoded)
        }
    }
}
