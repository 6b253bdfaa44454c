/// Range reads, the same in a read transaction and inside an applying txn.
extension HistoryView {
    /// etcd's revision rule for reads: 0 (or less) is the current revision.
    static func checkReadable(_ revision: Int64, in state: StoreState) throws(MVCCError) {
        if revision > state.revision { throw .futureRevision }
        if revision > 0 && revision < state.compactRevision { throw .compacted }
    }

    /// `state` is the store's before any write of the current request; `headerRevision` is
    /// the revision the response reports.
    func range(_ request: RangeRequest, in state: StoreState, headerRevision: Int64) throws(MVCCError) -> RangeResponse {
        try Self.checkReadable(request.revision, in: state)
        let bound = request.revision > 0 ? Self.bound(atRevision: request.revision) : nil
        // Without sort or filters one key past the limit tells `more`; the rest only count.
        let fetchMax: Int? =
            if request.countOnly { 0 }
            else if request.limit > 0 && !RangeShaping.needsAllKeys(request) { Int(request.limit) + 1 }
            else { nil }
        var count: Int64 = 0
        var kvs: [KeyValue] = []
        try forEachLiveKey(in: KeyRange(key: request.key, rangeEnd: request.rangeEnd), before: bound) {
            _, mark throws(MVCCError) in
            count += 1
            if fetchMax.map({ kvs.count < $0 }) ?? true { kvs.append(try keyValue(at: mark)) }
            return true
        }
        let shaped = RangeShaping.shape(kvs, for: request)
        return RangeResponse(revision: headerRevision, kvs: shaped.kvs, more: shaped.more, count: count)
    }
}
