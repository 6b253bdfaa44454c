import CLMDB

/// The store's LMDB databases, all in one file.
///
/// - `revs`: revision (main, sub: 8 + 8 bytes big-endian) -> record (`RecordEncoding.record`:
///   kind, key, create revision, version, lease, value; a tombstone holds only the key).
///   Every change in revision order, so the event feed and HashKV read it in order, and
///   compaction walks it from the start. Writes append (MDB_APPEND).
/// - `keys` (MDB_DUPSORT): user key -> one mark per change of the key (revision + tombstone
///   flag, 17 bytes), sorted by revision. A read at revision R costs, per key, a seek to the
///   first mark after R and a step back; a range walks the distinct keys with MDB_NEXT_NODUP;
///   the flag tells whether the key was live without reading its record.
/// - `meta`: "format", "revision", "compactRevision", "appliedIndex" -> Int64 big-endian.
/// - `leases`: lease id (big-endian with the sign bit flipped, so ids sort numerically)
///   -> granted TTL in seconds.
/// - `leaseKeys` (MDB_DUPSORT): lease id -> the keys attached to it, sorted.
/// - `alarms`: member id (8 bytes big-endian) + alarm type (1 byte) -> empty: the active alarms.
///   A store made before it existed gets it, empty, when next opened.
///
/// User keys are LMDB keys (and DUPSORT data), so they are 1 to `maxKeyBytes` (511) bytes.
struct Tables: Sendable {
    static let count: UInt32 = 6

    let revs: MDB_dbi
    let keys: MDB_dbi
    let meta: MDB_dbi
    let leases: MDB_dbi
    let leaseKeys: MDB_dbi
    let alarms: MDB_dbi
    let maxKeyBytes: Int

    /// Opens (creating where missing) every database in `txn`, a write transaction.
    init(creatingIn txn: LMDBTransaction, maxKeyBytes: Int) throws(MVCCError) {
        try self.init(openingIn: txn, create: true, maxKeyBytes: maxKeyBytes)
    }

    /// Opens every database in `txn`; without `create`, a file lacking one fails (MDB_NOTFOUND).
    init(openingIn txn: LMDBTransaction, create: Bool, maxKeyBytes: Int) throws(MVCCError) {
        let dupSort = UInt32(MDB_DUPSORT)
        revs = try txn.openDatabase("revs", flags: 0, create: create)
        keys = try txn.openDatabase("keys", flags: dupSort, create: create)
        meta = try txn.openDatabase("meta", flags: 0, create: create)
        leases = try txn.openDatabase("leases", flags: 0, create: create)
        leaseKeys = try txn.openDatabase("leaseKeys", flags: dupSort, create: create)
        alarms = try txn.openDatabase("alarms", flags: 0, create: create)
        self.maxKeyBytes = maxKeyBytes
    }

    /// Every database with its name, in a fixed order.
    var named: [(name: String, dbi: MDB_dbi)] {
        [("revs", revs), ("keys", keys), ("meta", meta), ("leases", leases), ("leaseKeys", leaseKeys), ("alarms", alarms)]
    }

    func canStore(_ key: [UInt8]) -> Bool {
        !key.isEmpty && key.count <= maxKeyBytes
    }
}
