import Checksum
import CLMDB

/// What `kvctl snapshot status` reports on a store file (a snapshot, or a stopped member's
/// store), as etcdctl reports on its bbolt files: a hash, the revision, the records, the size.
public struct SnapshotStatus: Sendable, Equatable {
    /// CRC-32C over each table's name and every (key, value) record in it, tables in a fixed
    /// order: equal for equal files, and unlike etcd's hash or HashKV's.
    public var hash: UInt32
    public var revision: Int64
    /// Every record in every table (each revision of a key, the lease and alarm records, ...).
    public var totalKeys: Int
    public var totalSizeBytes: Int64

    public init(hash: UInt32, revision: Int64, totalKeys: Int, totalSizeBytes: Int64) {
        self.hash = hash
        self.revision = revision
        self.totalKeys = totalKeys
        self.totalSizeBytes = totalSizeBytes
    }
}

extension MVCCStore {
    /// Reads a store file without writing to it or beside it. A file that is not LMDB's
    /// fails with MDB_INVALID; an LMDB file without kvd's tables with MDB_NOTFOUND.
    public static func snapshotStatus(path: String) throws(MVCCError) -> SnapshotStatus {
        let environment = try LMDBEnvironment(path: path, mapSizeBytes: 0, maxReaders: 1, maxDatabases: Tables.count,
                                              syncOnCommit: false, readOnly: true)
        defer { environment.close() }
        return try read(environment, size: try fileBytes(path))
    }

    /// In its own function so that the transaction has ended before the environment closes.
    private static func read(_ environment: LMDBEnvironment, size: Int64) throws(MVCCError) -> SnapshotStatus {
        let txn = try environment.begin(readOnly: true)
        let tables = try Tables(openingIn: txn, create: false, maxKeyBytes: environment.maxKeyBytes)
        guard let state = try StoreMeta(txn: txn, tables: tables).read() else { throw .corrupt("the file holds no store state") }
        var crc: UInt32 = 0
        var records = 0
        for (name, dbi) in tables.named {
            crc = CRC32C.update(crc, Array(name.utf8))
            let stepsMax = try txn.entryCount(dbi) + 1
            try txn.withCursor(dbi) { cursor throws(MVCCError) in
                var entry = try cursor.get(MDB_FIRST)
                for _ in 0..<stepsMax {
                    guard let (key, value) = entry else { return }
                    crc = CRC32C.update(CRC32C.update(crc, key), value)
                    records += 1
                    entry = try cursor.get(MDB_NEXT)
                }
                preconditionFailure("the scan of \(name) outran its \(stepsMax) records")
            }
        }
        return SnapshotStatus(hash: crc, revision: state.revision, totalKeys: records, totalSizeBytes: size)
    }
}
