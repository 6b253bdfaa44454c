import CLMDB

/// Reads the history through one LMDB transaction: a read-only one, or the apply's write
/// transaction, which sees its own writes.
///
/// A read "before" a revision sees the newest change strictly older than it: reading at
/// revision R is reading before (R + 1, 0), and before nil is reading everything.
struct HistoryView {
    let txn: LMDBTransaction
    let tables: Tables

    static func bound(atRevision revision: Int64) -> Revision {
        Revision(main: revision + 1, sub: 0)
    }

    var meta: StoreMeta { StoreMeta(txn: txn, tables: tables) }

    /// The state recorded in a store that has been opened (and so initialized).
    func state() throws(MVCCError) -> StoreState {
        guard let state = try meta.read() else { throw .corrupt("store meta missing") }
        return state
    }

    func record(at revision: Revision) throws(MVCCError) -> StoredRecord {
        guard let bytes = try txn.get(tables.revs, key: RecordEncoding.revisionKey(revision)),
            let record = RecordEncoding.decodeRecord(bytes, at: revision)
        else { throw .corrupt("no valid record at revision \(revision.main).\(revision.sub)") }
        return record
    }

    /// The key's newest mark before `bound`.
    func mark(of key: [UInt8], before bound: Revision?) throws(MVCCError) -> Mark? {
        guard tables.canStore(key) else { return nil }
        return try txn.withCursor(tables.keys) { cursor throws(MVCCError) -> Mark? in
            guard try cursor.get(MDB_SET, key: key) != nil else { return nil }
            return try markAtCursor(cursor, key: key, before: bound)
        }
    }

    /// The key's state before `bound`, nil when it did not exist.
    func keyValue(of key: [UInt8], before bound: Revision?) throws(MVCCError) -> KeyValue? {
        guard let mark = try mark(of: key, before: bound), !mark.isTombstone else { return nil }
        return try keyValue(at: mark)
    }

    func keyValue(at mark: Mark) throws(MVCCError) -> KeyValue {
        precondition(!mark.isTombstone, "a tombstone has no key-value")
        guard case .put(let kv) = try record(at: mark.revision) else {
            throw .corrupt("mark and record disagree at revision \(mark.revision.main).\(mark.revision.sub)")
        }
        return kv
    }

    /// Calls `body` with each key of `range` live before `bound`, in key order, until it returns false.
    func forEachLiveKey(
        in range: KeyRange, before bound: Revision?,
        _ body: ([UInt8], Mark) throws(MVCCError) -> Bool
    ) throws(MVCCError) {
        if range.end == .single {
            if let mark = try mark(of: range.start, before: bound), !mark.isTombstone {
                _ = try body(range.start, mark)
            }
            return
        }
        let stepsMax = try txn.entryCount(tables.keys) + 1
        try txn.withCursor(tables.keys) { cursor throws(MVCCError) in
            // A start too long to be a key still orders right by its longest storable prefix.
            let seek = Array(range.start.prefix(tables.maxKeyBytes))
            var entry = try seek.isEmpty ? cursor.get(MDB_FIRST) : cursor.get(MDB_SET_RANGE, key: seek)
            for _ in 0..<stepsMax {
                guard let key = entry?.key, !range.isPast(key) else { return }
                if range.contains(key), let mark = try markAtCursor(cursor, key: key, before: bound),
                    !mark.isTombstone, !(try body(key, mark))
                {
                    return
                }
                entry = try cursor.get(MDB_NEXT_NODUP)
            }
            preconditionFailure("key scan outran the \(stepsMax) entries of the key index")
        }
    }

    /// The live keys of `range` before `bound`, with their state, in key order.
    func liveKeyValues(in range: KeyRange, before bound: Revision?) throws(MVCCError) -> [KeyValue] {
        var kvs: [KeyValue] = []
        try forEachLiveKey(in: range, before: bound) { _, mark throws(MVCCError) in
            kvs.append(try keyValue(at: mark))
            return true
        }
        return kvs
    }

    /// With `cursor` on `key`: its newest mark before `bound`. Leaves the cursor on `key`.
    private func markAtCursor(_ cursor: LMDBCursor, key: [UInt8], before bound: Revision?) throws(MVCCError) -> Mark? {
        guard let last = try cursor.get(MDB_LAST_DUP) else { throw .corrupt("a key with no marks") }
        let newest = try decodeMark(last.value)
        guard let bound, newest.revision >= bound else { return newest }
        guard try cursor.get(MDB_GET_BOTH_RANGE, key: key, value: RecordEncoding.revisionKey(bound)) != nil else {
            preconditionFailure("no mark at or after a bound below the newest mark")
        }
        guard let previous = try cursor.get(MDB_PREV_DUP) else { return nil }
        return try decodeMark(previous.value)
    }

    private func decodeMark(_ bytes: [UInt8]) throws(MVCCError) -> Mark {
        guard let mark = RecordEncoding.decodeMark(bytes) else { throw .corrupt("malformed key mark") }
        return mark
    }
}
