import MVCC

/// What a watch stream sends next, in order, as the hub hands it out. Revisions are the
/// response headers'.
enum WatchWork: Sendable, Equatable {
    case created(watchID: Int64, revision: Int64)
    /// etcd answers a create it refuses with created and canceled both set, watch id -1.
    case refused(reason: String, revision: Int64)
    case canceled(watchID: Int64, revision: Int64)
    case events(watchID: Int64, batch: EventBatch)
    /// Read history for a catching-up watcher, then report with `WatchHub.finishCatchUp`.
    case catchUp(CatchUp)
    /// A header-only response: the watcher (or the whole stream, id -1) has seen everything
    /// through `revision`.
    case progress(watchID: Int64, revision: Int64)
}

/// One step of a watcher's catch-up from the store's history.
struct CatchUp: Sendable, Equatable {
    var watchID: Int64
    var serial: UInt64
    var from: Int64
    var range: WatchRange
    var shape: EventShape
}

/// etcd's id for "no watcher" (clientv3's `InvalidWatchID`).
let invalidWatchID: Int64 = -1
