import CLMDB

extension MVCCError {
    static func lmdb(_ code: Int32) -> MVCCError {
        .storage(code: code, message: String(cString: mdb_strerror(code)))
    }

    static func corrupt(_ what: String) -> MVCCError {
        .storage(code: MDB_CORRUPTED, message: what)
    }
}

func lmdbCheck(_ code: Int32) throws(MVCCError) {
    guard code == MDB_SUCCESS else { throw .lmdb(code) }
}

/// `bytes` as an MDB_val for the duration of `body`.
func withValue<R>(_ bytes: [UInt8], _ body: (inout MDB_val) -> R) -> R {
    bytes.withUnsafeBytes { raw in
        var value = MDB_val(mv_size: raw.count, mv_data: UnsafeMutableRawPointer(mutating: raw.baseAddress))
        return body(&value)
    }
}

extension MDB_val {
    /// A copy: LMDB's memory is valid only until the transaction's next write or end.
    var bytes: [UInt8] {
        guard mv_size > 0, let data = mv_data else { return [] }
        return Array(UnsafeRawBufferPointer(start: data, count: mv_size))
    }
}

/// One LMDB transaction, used by one thread at a time. It aborts itself when dropped
/// unless committed, so an error on any path leaves nothing half-written.
final class LMDBTransaction {
    private var handle: OpaquePointer?

    init(environment: OpaquePointer, readOnly: Bool) throws(MVCCError) {
        var txn: OpaquePointer?
        try lmdbCheck(mdb_txn_begin(environment, nil, readOnly ? UInt32(MDB_RDONLY) : 0, &txn))
        handle = txn
    }

    deinit {
        if let handle { mdb_txn_abort(handle) }
    }

    private var live: OpaquePointer {
        guard let handle else { preconditionFailure("transaction used after it ended") }
        return handle
    }

    func commit() throws(MVCCError) {
        let txn = live
        handle = nil
        try lmdbCheck(mdb_txn_commit(txn))
    }

    /// Opens a named database, creating it when missing unless `create` is false (then a
    /// missing one fails with MDB_NOTFOUND).
    func openDatabase(_ name: String, flags: UInt32, create: Bool = true) throws(MVCCError) -> MDB_dbi {
        var dbi: MDB_dbi = 0
        try lmdbCheck(mdb_dbi_open(live, name, create ? flags | UInt32(MDB_CREATE) : flags, &dbi))
        return dbi
    }

    func get(_ dbi: MDB_dbi, key: [UInt8]) throws(MVCCError) -> [UInt8]? {
        var found: [UInt8]?
        let code = withValue(key) { key in
            var data = MDB_val()
            let code = mdb_get(live, dbi, &key, &data)
            if code == MDB_SUCCESS { found = data.bytes }
            return code
        }
        if code == MDB_NOTFOUND { return nil }
        try lmdbCheck(code)
        return found
    }

    func put(_ dbi: MDB_dbi, key: [UInt8], value: [UInt8], flags: UInt32 = 0) throws(MVCCError) {
        let code = withValue(key) { key in
            withValue(value) { value in mdb_put(live, dbi, &key, &value, flags) }
        }
        try lmdbCheck(code)
    }

    /// Deletes `key` (with `value` only, in a MDB_DUPSORT database); false if it was not there.
    @discardableResult
    func delete(_ dbi: MDB_dbi, key: [UInt8], value: [UInt8]? = nil) throws(MVCCError) -> Bool {
        let code = withValue(key) { key in
            guard let value else { return mdb_del(live, dbi, &key, nil) }
            return withValue(value) { value in mdb_del(live, dbi, &key, &value) }
        }
        if code == MDB_NOTFOUND { return false }
        try lmdbCheck(code)
        return true
    }

    /// How many items the database holds (every duplicate counts): a bound for scans.
    func entryCount(_ dbi: MDB_dbi) throws(MVCCError) -> Int {
        var stat = MDB_stat()
        try lmdbCheck(mdb_stat(live, dbi, &stat))
        return stat.ms_entries
    }

    /// The cursor lives only inside `body`: LMDB frees a write transaction's cursors with it.
    func withCursor<T>(_ dbi: MDB_dbi, _ body: (LMDBCursor) throws(MVCCError) -> T) throws(MVCCError) -> T {
        var cursor: OpaquePointer?
        try lmdbCheck(mdb_cursor_open(live, dbi, &cursor))
        guard let cursor else { preconditionFailure("mdb_cursor_open succeeded without a cursor") }
        defer { mdb_cursor_close(cursor) }
        return try body(LMDBCursor(handle: cursor))
    }
}

struct LMDBCursor {
    let handle: OpaquePointer

    /// The item `op` lands on, or nil where LMDB finds none.
    func get(
        _ op: MDB_cursor_op, key: [UInt8] = [], value: [UInt8] = []
    ) throws(MVCCError) -> (key: [UInt8], value: [UInt8])? {
        var found: (key: [UInt8], value: [UInt8])?
        let code = withValue(key) { key in
            withValue(value) { value in
                let code = mdb_cursor_get(handle, &key, &value, op)
                if code == MDB_SUCCESS { found = (key.bytes, value.bytes) }
                return code
            }
        }
        if code == MDB_NOTFOUND { return nil }
        try lmdbCheck(code)
        return found
    }

    /// Deletes the current item; the next MDB_NEXT lands on the item after it.
    func deleteCurrent() throws(MVCCError) {
        try lmdbCheck(mdb_cursor_del(handle, 0))
    }
}
