import CLMDB
import Failpoints

extension Applier {
    /// Removes every record at or below `revision` that no read at `revision` or later can
    /// see: for each key, all but its newest record there, and that one too if a tombstone.
    func compact(at revision: Int64, _ writer: inout HistoryWriter) throws(MVCCError) {
        if revision <= state.compactRevision { throw .compacted }
        if revision > state.revision { throw .futureRevision }
        let bound = HistoryView.bound(atRevision: revision)
        let stepsMax = try view.txn.entryCount(view.tables.revs) + 1
        try view.txn.withCursor(view.tables.revs) { cursor throws(MVCCError) in
            var entry = try cursor.get(MDB_FIRST)
            for _ in 0..<stepsMax {
                guard let (key, value) = entry else { return }
                guard let at = RecordEncoding.decodeRevisionKey(key),
                    let record = RecordEncoding.decodeRecord(value, at: at)
                else { throw .corrupt("malformed record during compaction") }
                guard at < bound else { return }
                guard let kept = try view.mark(of: record.key, before: bound) else {
                    throw .corrupt("record at \(at.main).\(at.sub) missing from the key index")
                }
                if at < kept.revision || kept.isTombstone {
                    // The cursor then rests on the next record, which MDB_NEXT returns.
                    try writer.removeRecord(record, at: at, cursor: cursor)
                }
                entry = try cursor.get(MDB_NEXT)
            }
            preconditionFailure("compaction outran the \(stepsMax) records")
        }
        Failpoint.compactionBeforeCommit.hit()
    }
}
