import CLMDB

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension MVCCStore {
    /// The file's size and the part of it in use.
    public func status() throws(MVCCError) -> StoreStatus {
        try gate.withShared { () throws(MVCCError) -> StoreStatus in
            let store = try openStore()
            return try store.read { view throws(MVCCError) -> StoreStatus in
                let state = try view.state()
                // LMDB reports the last page of the newest commit, which may be newer than this read.
                let (highWaterBytes, pageBytes) = try store.environment.usedBytes()
                let freeBytes = try view.freePageCount() * pageBytes
                return StoreStatus(
                    revision: state.revision, compactRevision: state.compactRevision,
                    appliedIndex: state.appliedIndex, dbSizeBytes: try Self.fileBytes(path),
                    dbSizeInUseBytes: Int64(highWaterBytes - freeBytes))
            }
        }
    }

    /// The data file's size alone (one `stat`, no transaction): what the backend quota is
    /// judged by, as cheap as it must be to ask before every write.
    public func sizeBytes() throws(MVCCError) -> Int64 {
        try gate.withShared { () throws(MVCCError) -> Int64 in
            _ = try openStore()
            return try Self.fileBytes(path)
        }
    }

    static func fileBytes(_ path: String) throws(MVCCError) -> Int64 {
        var info = stat()
        guard stat(path, &info) == 0 else { throw posixError("stat \(path)") }
        return Int64(info.st_size)
    }

    static func posixError(_ what: String) -> MVCCError {
        .storage(code: errno, message: "\(what): \(String(cString: strerror(errno)))")
    }
}

extension HistoryView {
    /// The pages on LMDB's free list (its database 0, each record a page-number list whose
    /// first word is its length), as `mdb_stat -f` counts them.
    func freePageCount() throws(MVCCError) -> Int {
        let freeDatabase: MDB_dbi = 0
        let stepsMax = try txn.entryCount(freeDatabase) + 1
        var pages = 0
        try txn.withCursor(freeDatabase) { cursor throws(MVCCError) in
            var entry = try cursor.get(MDB_FIRST)
            for _ in 0..<stepsMax {
                guard let value = entry?.value else { return }
                guard value.count >= MemoryLayout<Int>.size else { throw .corrupt("malformed free list") }
                pages += value.withUnsafeBytes { $0.loadUnaligned(as: Int.self) }
                entry = try cursor.get(MDB_NEXT)
            }
            preconditionFailure("free list scan outran its \(stepsMax) records")
        }
        return pages
    }
}
