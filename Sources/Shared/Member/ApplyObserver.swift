import MVCC

/// Told about every batch the store applied, in apply order, on the member's own executor:
/// it must only hand the work off (the watch hub fans events out to watchers; the lease
/// keeper notes grants and revokes), never block.
public protocol ApplyObserver: Sendable {
    func applied(_ results: [AppliedRequest], storeRevision: Int64)
    /// The store was replaced by a snapshot from the leader, now at `storeRevision`: the
    /// requests it jumped over are never reported through `applied`.
    func restored(storeRevision: Int64)
}
