/// Applies requests inside one batch's write transaction. Each request first checks
/// everything that can fail, reading only, and then writes: so a failed request changed
/// nothing (etcd's semantics) without a nested transaction per request.
struct Applier {
    let view: HistoryView
    private(set) var state: StoreState
    /// A NOSPACE alarm is active: requests that add data fail (`Request.addsData`).
    var spaceExhausted: Bool

    init(view: HistoryView, state: StoreState) throws(MVCCError) {
        self.view = view
        self.state = state
        spaceExhausted = try view.alarms().contains { $0.alarm == .noSpace }
    }

    /// Applies the entries not applied yet, in order; `appliedThrough` records entries up to
    /// that index that carried no request.
    mutating func apply(_ batch: [IndexedRequest], appliedThrough: UInt64?) throws(MVCCError) -> [AppliedRequest] {
        precondition(
            zip(batch, batch.dropFirst()).allSatisfy { $0.index < $1.index }, "batch indexes must increase")
        var applied: [AppliedRequest] = []
        for entry in batch where entry.index > state.appliedIndex {
            applied.append(try apply(entry))
            state.appliedIndex = entry.index
        }
        if let appliedThrough, appliedThrough > state.appliedIndex {
            state.appliedIndex = appliedThrough
        }
        return applied
    }

    /// Storage errors abort the batch; any other error fails this request alone.
    private mutating func apply(_ entry: IndexedRequest) throws(MVCCError) -> AppliedRequest {
        var writer = HistoryWriter(view: view, current: state.revision)
        do {
            let response = try dispatch(entry.request, &writer)
            state.revision = writer.revision
            return AppliedRequest(index: entry.index, result: .success(response), events: writer.events)
        } catch where !error.isStorage {
            precondition(writer.writeCount == 0, "request at index \(entry.index) failed after writing: \(error)")
            return AppliedRequest(index: entry.index, result: .failure(error), events: [])
        }
    }

    private mutating func dispatch(_ request: Request, _ writer: inout HistoryWriter) throws(MVCCError) -> Response {
        if spaceExhausted && request.addsData { throw .noSpace }
        switch request {
        case .put(let put):
            return .put(try self.put(put, &writer))
        case .deleteRange(let delete):
            return .deleteRange(try deleteRange(delete, &writer))
        case .txn(let txn):
            return .txn(try self.txn(txn, &writer))
        case .compact(let revision):
            try compact(at: revision, &writer)
            state.compactRevision = revision
            return .compact(revision: writer.revision)
        case .leaseGrant(let id, let ttl):
            return try leaseGrant(id: id, ttl: ttl, &writer)
        case .leaseRevoke(let id):
            return try leaseRevoke(id: id, &writer)
        case .alarm(let change):
            return .alarm(revision: writer.revision, alarms: try alarm(change))
        }
    }
}
