import CLMDB

/// History as watch events, for watchers that start in the past.
extension HistoryView {
    /// The events from revision `from` (as a watch's start revision) on, of keys in `range`.
    /// `limit` (0 for none) is soft: a revision's events are never split.
    ///
    /// Starting at the compacted revision itself fails too (etcd lets it through): its
    /// deletes were removed, so its events are no longer whole.
    func events(
        from: Int64, in range: KeyRange, prevKV: Bool, limit: Int, state: StoreState
    ) throws(MVCCError) -> EventsResponse {
        if state.compactRevision > 0 && from <= state.compactRevision { throw .compacted }
        var events: [Event] = []
        var completeThrough = state.revision
        let stepsMax = try txn.entryCount(tables.revs) + 1
        try txn.withCursor(tables.revs) { cursor throws(MVCCError) in
            let start = RecordEncoding.revisionKey(Revision(main: max(from, 0), sub: 0))
            var entry = try cursor.get(MDB_SET_RANGE, key: start)
            for _ in 0..<stepsMax {
                guard let (key, value) = entry else { return }
                guard let at = RecordEncoding.decodeRevisionKey(key),
                    let record = RecordEncoding.decodeRecord(value, at: at)
                else { throw .corrupt("malformed record in the event feed") }
                if range.contains(record.key) {
                    if limit > 0 && events.count >= limit, let last = events.last, at.main > last.kv.modRevision {
                        completeThrough = at.main - 1
                        return
                    }
                    events.append(try event(for: record, at: at, prevKV: prevKV))
                }
                entry = try cursor.get(MDB_NEXT)
            }
            preconditionFailure("event scan outran the \(stepsMax) records")
        }
        return EventsResponse(events: events, revision: completeThrough)
    }

    private func event(for record: StoredRecord, at revision: Revision, prevKV: Bool) throws(MVCCError) -> Event {
        let previous = prevKV ? try keyValue(of: record.key, before: revision) : nil
        return switch record {
        case .put(let kv): Event(type: .put, kv: kv, prevKV: previous)
        case .tombstone(let key): .deletion(of: key, at: revision.main, prevKV: previous)
        }
    }
}
