import CLMDB

extension Event {
    /// etcd's delete event: the kv holds only the key and the deletion's revision.
    static func deletion(of key: [UInt8], at revision: Int64, prevKV: KeyValue?) -> Event {
        Event(
            type: .delete,
            kv: KeyValue(key: key, createRevision: 0, modRevision: revision, version: 0, value: []),
            prevKV: prevKV)
    }
}

/// Every write of one request. Its changes share main revision `current + 1` and take sub
/// revisions 0, 1, 2... in order; `writeCount` lets the apply loop check that a failed
/// request wrote nothing.
struct HistoryWriter {
    let view: HistoryView
    /// The store's revision before this request.
    let current: Int64
    private(set) var events: [Event] = []
    private(set) var writeCount = 0

    init(view: HistoryView, current: Int64) {
        self.view = view
        self.current = current
    }

    var main: Int64 { current + 1 }

    /// The store's revision after the writes so far: only a change bumps it.
    var revision: Int64 { events.isEmpty ? current : main }

    private var txn: LMDBTransaction { view.txn }
    private var tables: Tables { view.tables }
    private var nextRevision: Revision { Revision(main: main, sub: Int64(events.count)) }

    /// Returns the key's previous state.
    @discardableResult
    mutating func put(key: [UInt8], value: [UInt8], lease: Int64) throws(MVCCError) -> KeyValue? {
        precondition(tables.canStore(key), "put of an unstorable key passed the checks")
        let previous = try view.keyValue(of: key, before: nil)
        let revision = nextRevision
        let kv = KeyValue(
            key: key, createRevision: previous?.createRevision ?? main, modRevision: main,
            version: (previous?.version ?? 0) + 1, value: value, lease: lease)
        try append(.put(kv), at: revision)
        try moveLease(of: key, from: previous?.lease ?? 0, to: lease)
        events.append(Event(type: .put, kv: kv, prevKV: previous))
        return previous
    }

    /// Deletes a key live now, `previous` being its state.
    mutating func delete(_ previous: KeyValue) throws(MVCCError) {
        let revision = nextRevision
        try append(.tombstone(key: previous.key), at: revision)
        try moveLease(of: previous.key, from: previous.lease, to: 0)
        events.append(.deletion(of: previous.key, at: main, prevKV: previous))
    }

    mutating func grantLease(_ lease: Lease) throws(MVCCError) {
        try txn.put(tables.leases, key: RecordEncoding.leaseID(lease.id), value: RecordEncoding.int64(lease.ttl))
        writeCount += 1
    }

    /// Drops the lease; its keys must have been deleted first.
    mutating func removeLease(_ id: Int64) throws(MVCCError) {
        let attached = try view.keys(ofLease: id)
        precondition(attached.isEmpty, "lease \(id) removed with \(attached.count) keys attached")
        let found = try txn.delete(tables.leases, key: RecordEncoding.leaseID(id))
        precondition(found, "removed unknown lease \(id)")
        writeCount += 1
    }

    /// Removes a compacted record, `cursor` being on it in `revs`.
    mutating func removeRecord(_ record: StoredRecord, at revision: Revision, cursor: LMDBCursor) throws(MVCCError) {
        try cursor.deleteCurrent()
        let mark = Mark(revision: revision, isTombstone: record.isTombstone)
        let found = try txn.delete(tables.keys, key: record.key, value: RecordEncoding.mark(mark))
        guard found else { throw .corrupt("record without a mark at revision \(revision.main).\(revision.sub)") }
        writeCount += 1
    }

    private mutating func append(_ record: StoredRecord, at revision: Revision) throws(MVCCError) {
        try txn.put(
            tables.revs, key: RecordEncoding.revisionKey(revision), value: RecordEncoding.record(record),
            flags: UInt32(MDB_APPEND))
        let mark = Mark(revision: revision, isTombstone: record.isTombstone)
        try txn.put(tables.keys, key: record.key, value: RecordEncoding.mark(mark))
        writeCount += 1
    }

    private mutating func moveLease(of key: [UInt8], from old: Int64, to new: Int64) throws(MVCCError) {
        guard old != new else { return }
        if old != 0 {
            let found = try txn.delete(tables.leaseKeys, key: RecordEncoding.leaseID(old), value: key)
            guard found else { throw .corrupt("key not attached to its lease \(old)") }
        }
        if new != 0 {
            try txn.put(tables.leaseKeys, key: RecordEncoding.leaseID(new), value: key)
        }
    }
}

extension StoredRecord {
    var isTombstone: Bool {
        if case .tombstone = self { return true }
        return false
    }
}
