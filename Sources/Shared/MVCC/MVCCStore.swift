import Failpoints
import Synchronization

/// etcd's revisioned key-value store (its `mvcc` package and the apply rules of its
/// `applierV3backend`) on LMDB, knowing nothing of Raft or gRPC. `Tables` documents the layout.
///
/// Threading: every method may be called from any thread. Reads (`range`, `events`,
/// `hashKV`, `state`, `status`, the lease reads) each run in their own LMDB read transaction,
/// concurrently with each other and with `apply`, and see the last committed batch.
/// `apply` calls are serialized by a lock (LMDB has one writer). `defragment` and `close`
/// wait for every read and apply to finish and hold the others off; after `close`, every
/// call fails with `MVCCError.closed`.
public final class MVCCStore: @unchecked Sendable {
    public struct Options: Sendable {
        /// The largest the file may grow; LMDB reserves it as address space only.
        public var mapSizeBytes: Int
        /// false: commits skip fsync (MDB_NOSYNC) and `sync()` makes them durable.
        public var syncOnCommit: Bool
        /// false: a commit syncs its data but not the meta page (MDB_NOMETASYNC), half the
        /// fsyncs: a system crash may undo the last commits but never breaks the file, and
        /// `sync()` makes them durable. For a store whose log can replay what it loses.
        public var metaSyncOnCommit: Bool
        /// How many read transactions may be open at once.
        public var maxReaders: UInt32

        public init(mapSizeBytes: Int = 8 << 30, syncOnCommit: Bool = true, metaSyncOnCommit: Bool = true,
                    maxReaders: UInt32 = 126) {
            self.mapSizeBytes = mapSizeBytes
            self.syncOnCommit = syncOnCommit
            self.metaSyncOnCommit = metaSyncOnCommit
            self.maxReaders = maxReaders
        }
    }

    /// The data file; LMDB keeps its lock file at `<path>-lock`.
    public let path: String
    public let options: Options
    /// Shared by reads and applies; exclusive for defragment and close.
    let gate = ReadWriteLock()
    private let writerLock = Mutex(())
    /// Guarded by `gate`: replaced only while it is held exclusively.
    var opened: OpenStore?

    /// LMDB's key size limit (511 bytes as Debian builds it): a put of a longer key fails
    /// with `keyTooLarge`.
    public let maxKeyBytes: Int

    /// Opens the store at `path`, creating it at revision 1 when the file does not exist.
    public init(path: String, options: Options = Options()) throws(MVCCError) {
        self.path = path
        self.options = options
        let store = try OpenStore(path: path, options: options)
        maxKeyBytes = store.tables.maxKeyBytes
        opened = store
    }

    public func close() {
        gate.withExclusive {
            opened?.environment.close()
            opened = nil
        }
    }

    /// Applies the entries with an index above the applied index, in order, in one LMDB
    /// transaction that also records the last index (or `appliedThrough`, for entries that
    /// carried no request, when larger). Returns one result per entry applied: replays
    /// return nothing. Throws only when storage fails, and then applies nothing.
    public func apply(_ batch: [IndexedRequest], appliedThrough: UInt64? = nil) throws(MVCCError) -> [AppliedRequest] {
        try gate.withShared { () throws(MVCCError) -> [AppliedRequest] in
            try writerLock.withLock { _ throws(MVCCError) -> [AppliedRequest] in
                let applied = try openStore().write { view throws(MVCCError) -> [AppliedRequest] in
                    let before = try view.state()
                    var applier = try Applier(view: view, state: before)
                    let applied = try applier.apply(batch, appliedThrough: appliedThrough)
                    if applier.state != before { try view.meta.write(applier.state) }
                    Failpoint.applyBeforeCommit.hit()
                    return applied
                }
                Failpoint.applyAfterCommit.hit()
                return applied
            }
        }
    }

    public func range(_ request: RangeRequest) throws(MVCCError) -> RangeResponse {
        try read { view, state throws(MVCCError) in
            try view.range(request, in: state, headerRevision: state.revision)
        }
    }

    /// The events from revision `fromRevision` on for keys in `key`/`rangeEnd` (as a range
    /// request's), in revision order; `limit` 0 for all (see `HistoryView.events`).
    public func events(
        fromRevision: Int64, key: [UInt8], rangeEnd: [UInt8] = [], prevKV: Bool = false, limit: Int = 0
    ) throws(MVCCError) -> EventsResponse {
        try read { view, state throws(MVCCError) in
            try view.events(
                from: fromRevision, in: KeyRange(key: key, rangeEnd: rangeEnd), prevKV: prevKV, limit: limit,
                state: state)
        }
    }

    /// etcd's HashKV at `revision` (0 for the current one).
    public func hashKV(revision: Int64 = 0) throws(MVCCError) -> HashKVResponse {
        try read { view, state throws(MVCCError) in
            try HistoryView.checkReadable(revision, in: state)
            let hashRevision = revision > 0 ? revision : state.revision
            return HashKVResponse(
                hash: try view.hash(through: hashRevision), compactRevision: state.compactRevision,
                hashRevision: hashRevision, revision: state.revision)
        }
    }

    public func state() throws(MVCCError) -> StoreState {
        try read { _, state in state }
    }

    public func leases() throws(MVCCError) -> [Lease] {
        try read { view, _ throws(MVCCError) in try view.leases() }
    }

    public func lease(id: Int64) throws(MVCCError) -> Lease? {
        try read { view, _ throws(MVCCError) in try view.lease(id) }
    }

    /// The keys attached to lease `id`, sorted.
    public func leaseKeys(id: Int64) throws(MVCCError) -> [[UInt8]] {
        try read { view, _ throws(MVCCError) in
            guard try view.lease(id) != nil else { throw .leaseNotFound }
            return try view.keys(ofLease: id)
        }
    }

    /// Makes every commit durable (for `syncOnCommit: false`).
    public func sync() throws(MVCCError) {
        try gate.withShared { () throws(MVCCError) in try openStore().environment.sync() }
    }

    private func read<T>(_ body: (HistoryView, StoreState) throws(MVCCError) -> T) throws(MVCCError) -> T {
        try gate.withShared { () throws(MVCCError) -> T in
            try openStore().read { view throws(MVCCError) -> T in try body(view, try view.state()) }
        }
    }

    /// Call with `gate` held.
    func openStore() throws(MVCCError) -> OpenStore {
        guard let opened else { throw .closed }
        return opened
    }
}
