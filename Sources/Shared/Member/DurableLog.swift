import Failpoints
import Foundation
import Raft
import WAL

/// The Raft log of one member on disk: the WAL and the snapshot files, with the entries since
/// the last snapshot held in a `MemoryStorage` that Raft reads. Everything Raft asks to
/// persist goes to the WAL first, with one fsync per `Ready`; only then does the memory copy
/// (what Raft treats as stable) change.
///
/// Not thread-safe: the `WALWriter` uses the disk half while a write is in flight, the member
/// everything else, and only while none is.
public final class DurableLog: @unchecked Sendable {
    let storage: MemoryStorage
    private let wal: WAL
    private let snapshots: SnapshotFiles
    /// What start-up found worth telling the operator (a torn WAL tail that was repaired).
    let warnings: [String]

    public struct Layout: Sendable {
        public var walDirectory: String
        public var snapshotDirectory: String
    }

    /// A new member's log: the founders' conf changes as its first entries (identical on every
    /// founder, committed at term 1), already durable. A member joining a running cluster has
    /// none: it gets the log, or a snapshot, from the leader.
    static func create(layout: Layout, metadata: WALMetadata, founding: [ConfChange]) throws -> DurableLog {
        try makeDirectories(layout)
        let storage = MemoryStorage(confState: ConfState(voters: founding.map(\.nodeID)))
        let entries = founding.enumerated().map { offset, change in
            Entry(term: 1, index: UInt64(offset) + 1, kind: .confChange, data: change.encoded)
        }
        storage.append(entries)
        if !entries.isEmpty { storage.setHardState(HardState(term: 1, commit: UInt64(entries.count))) }
        let wal = try WAL.create(directory: layout.walDirectory, metadata: metadata, entries: entries.map(WALEntry.init),
                                 hardState: WALHardState(storage.hardState))
        return DurableLog(storage: storage, wal: wal, snapshots: SnapshotFiles(directory: layout.snapshotDirectory),
                          warnings: [])
    }

    /// An existing member's log, from the newest snapshot and the WAL after it.
    static func open(layout: Layout) throws -> (log: DurableLog, metadata: WALMetadata) {
        let snapshots = SnapshotFiles(directory: layout.snapshotDirectory)
        let loaded = try snapshots.loadNewest(recordedIn: WALReader(directory: layout.walDirectory).snapshotMarkers())
        let marker = loaded.snapshot.map { WALSnapshotMarker(index: $0.index, term: $0.term) } ?? .initial
        let opened = try WAL.open(directory: layout.walDirectory, after: marker)
        let storage = MemoryStorage()
        if let stored = loaded.snapshot {
            try storage.applySnapshot(Snapshot(
                metadata: SnapshotMetadata(index: stored.index, term: stored.term,
                                           confState: ConfState(voters: stored.voters, learners: stored.learners)),
                data: stored.data))
        }
        storage.append(try opened.entries.map(Entry.init))
        if let hard = opened.hardState {
            storage.setHardState(HardState(term: hard.term, vote: hard.vote, commit: hard.commit))
        }
        let log = DurableLog(storage: storage, wal: opened.wal, snapshots: snapshots,
                             warnings: loaded.warnings + opened.warnings)
        return (log, opened.metadata)
    }

    public static func exists(layout: Layout) -> Bool {
        (try? WALReader(directory: layout.walDirectory).segments.isEmpty == false) ?? false
    }

    /// The ids and cluster description an existing WAL was created with, read without opening it.
    public static func metadata(layout: Layout) throws -> WALMetadata? {
        guard exists(layout: layout) else { return nil }
        var found: WALMetadata?
        struct Found: Error {}
        do {
            try WALReader(directory: layout.walDirectory).forEachRecord { located in
                if case .metadata(let metadata) = located.record {
                    found = metadata
                    throw Found()
                }
            }
        } catch is Found {}
        return found
    }

    private init(storage: MemoryStorage, wal: WAL, snapshots: SnapshotFiles, warnings: [String]) {
        self.storage = storage
        self.wal = wal
        self.snapshots = snapshots
        self.warnings = warnings
    }

    /// The disk half of persisting a `Ready`: its snapshot, entries and hard state into the
    /// WAL (one fsync when Raft says it must). Runs on the WAL writer's thread; nothing else
    /// touches the WAL meanwhile.
    func write(_ rd: Ready) throws {
        if let snapshot = rd.snapshot { try saveSnapshot(snapshot) }
        let hard = rd.hardState.map(WALHardState.init)
        if hard != nil || !rd.entries.isEmpty {
            try wal.save(hardState: hard, entries: rd.entries.map(WALEntry.init))
            if rd.mustSync || rd.snapshot != nil {
                Failpoint.walBeforeSync.hit()
                try wal.sync()
                Failpoint.walAfterSync.hit()
            }
        }
    }

    /// The memory half, once the disk has it: Raft treats the memory copy as stable.
    func publish(_ rd: Ready) throws {
        if let snapshot = rd.snapshot { try storage.applySnapshot(snapshot) }
        storage.append(rd.entries)
        if let state = rd.hardState { storage.setHardState(state) }
    }

    /// Records that the store holds everything up to `index`, so the log before it may go:
    /// a snapshot file, a WAL marker, then the older segments and the memory copy are released.
    /// `data` is the membership at `index`, which travels with the snapshot.
    func compact(upTo index: UInt64, confState: ConfState, data: [UInt8], keepingEntries keep: UInt64) throws {
        let snapshot = try storage.createSnapshot(index: index, confState: confState, data: data)
        try saveSnapshot(snapshot)
        if index > keep { try? storage.compact(upTo: index - keep) }
        Failpoint.walBeforeRelease.hit()
        try wal.release(upTo: index)
        try snapshots.release(keeping: 2)
    }

    private func saveSnapshot(_ snapshot: Snapshot) throws {
        let meta = snapshot.metadata
        try snapshots.save(StoredSnapshot(index: meta.index, term: meta.term, voters: meta.confState.voters,
                                          learners: meta.confState.learners, data: snapshot.data))
        try wal.saveSnapshotMarker(WALSnapshotMarker(index: meta.index, term: meta.term))
    }

    func close() throws { try wal.close() }

    private static func makeDirectories(_ layout: Layout) throws {
        for directory in [layout.walDirectory, layout.snapshotDirectory] {
            try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                    attributes: [.posixPermissions: 0o700])
        }
    }
}

extension WALEntry {
    init(_ entry: Entry) {
        self.init(index: entry.index, term: entry.term, kind: entry.kind.rawValue, data: entry.data)
    }
}

extension Entry {
    init(_ entry: WALEntry) throws(MemberError) {
        guard let kind = EntryKind(rawValue: entry.kind) else {
            throw .corruptLog("WAL entry \(entry.index) has unknown kind \(entry.kind)")
        }
        self.init(term: entry.term, index: entry.index, kind: kind, data: entry.data)
    }
}

extension WALHardState {
    init(_ state: HardState) {
        self.init(term: state.term, vote: state.vote, commit: state.commit)
    }
}
