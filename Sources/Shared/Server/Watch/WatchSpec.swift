import MVCC

/// What a create request asks for, checked and normalised (see `WatchRange`).
struct WatchSpec: Sendable, Equatable {
    var range: WatchRange
    /// 0: from the next revision on; otherwise the first revision to report (history included).
    var startRevision: Int64
    /// The client's watch id; 0 lets the stream choose one, as etcd's `AutoWatchID`.
    var requestedID: Int64
    var shape: EventShape
    var progressNotify: Bool
}

/// How one watcher wants its events: etcd's NOPUT/NODELETE filters and `prev_kv`.
struct EventShape: Sendable, Equatable {
    var skipPuts = false
    var skipDeletes = false
    var prevKV = false

    /// The events the watcher is sent, `prevKV` removed unless asked for (live events carry it).
    func apply(to events: [Event]) -> [Event] {
        events.compactMap { event in
            switch event.type {
            case .put where skipPuts: return nil
            case .delete where skipDeletes: return nil
            default: break
            }
            var shaped = event
            if !prevKV { shaped.prevKV = nil }
            return shaped
        }
    }
}
