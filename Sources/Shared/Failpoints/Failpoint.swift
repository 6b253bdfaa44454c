/// Named points in kvd's write path where a test can make a member crash, stall or say so,
/// as etcd's gofail points do: armed only by `KVD_FAILPOINTS` at start-up, and costing one
/// load of a constant when unarmed.
public enum Failpoint: String, CaseIterable, Sendable {
    /// Entries and hard state written to the WAL, not yet fsynced (a leader has already sent
    /// its appends: only responses wait for the fsync).
    case walBeforeSync
    /// The WAL fsynced; the responses that wait for it not yet sent, nothing of it applied.
    case walAfterSync
    /// A WAL write in the file up to the start of its last record: a crash here leaves a torn
    /// record at the tail, as a power cut mid-write does.
    case walMidWrite
    /// A batch applied in the store's transaction, not yet committed.
    case applyBeforeCommit
    /// A batch committed to the store; its clients not yet answered.
    case applyAfterCommit
    /// A compaction's records removed in its transaction, not yet committed.
    case compactionBeforeCommit
    /// A snapshot recorded, the WAL segments it covers not yet released.
    case walBeforeRelease
    /// The first chunk of a snapshot sent to a follower (all of one under a MiB), the rest and
    /// the follower's acknowledgement not.
    case snapshotSendMid
    /// The first chunk of a snapshot received from the leader and written (all of one under a
    /// MiB), not yet checked, synced or handed to Raft.
    case snapshotReceiveMid
    /// The store replaced by a leader's snapshot, the log not yet recording it.
    case snapshotApplyMid
    /// The compacted copy of the store made, not yet swapped in.
    case defragmentMid

    /// Runs the action armed here, if any.
    @inline(__always)
    public func hit() {
        guard FailpointTable.armed else { return }
        FailpointTable.shared.hit(self)
    }

    /// Runs `preparing`, then the action armed here, if the point acts this time: for a point
    /// that has to do part of the work before it fails.
    @inline(__always)
    public func hit(preparing: () -> Void) {
        guard FailpointTable.armed else { return }
        FailpointTable.shared.hit(self, preparing: preparing)
    }
}
