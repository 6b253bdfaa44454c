import Checksum
import CLMDB

extension HistoryView {
    /// CRC-32C over every stored (revision key, record) pair with a main revision up to
    /// `revision`, in revision order. Compaction runs at apply, so members that applied the
    /// same entries hold the same records and agree on the hash; the bytes are this store's
    /// own, so the values differ from etcd's.
    func hash(through revision: Int64) throws(MVCCError) -> UInt32 {
        var crc = CRC32C.update(0, Array("revs".utf8))
        let stepsMax = try txn.entryCount(tables.revs) + 1
        try txn.withCursor(tables.revs) { cursor throws(MVCCError) in
            var entry = try cursor.get(MDB_FIRST)
            for _ in 0..<stepsMax {
                guard let (key, value) = entry else { return }
                guard let at = RecordEncoding.decodeRevisionKey(key) else { throw .corrupt("malformed revision key") }
                guard at.main <= revision else { return }
                crc = CRC32C.update(CRC32C.update(crc, key), value)
                entry = try cursor.get(MDB_NEXT)
            }
            preconditionFailure("hash scan outran the \(stepsMax) records")
        }
        return crc
    }
}
