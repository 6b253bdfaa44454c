import CLMDB

/// etcd's `MaxLeaseTTL`.
let maxLeaseTTL: Int64 = 9_000_000_000

extension HistoryView {
    func lease(_ id: Int64) throws(MVCCError) -> Lease? {
        guard let bytes = try txn.get(tables.leases, key: RecordEncoding.leaseID(id)) else { return nil }
        guard let ttl = RecordEncoding.decodeInt64(bytes) else { throw .corrupt("malformed lease \(id)") }
        return Lease(id: id, ttl: ttl)
    }

    /// Every lease, by id.
    func leases() throws(MVCCError) -> [Lease] {
        var leases: [Lease] = []
        let stepsMax = try txn.entryCount(tables.leases) + 1
        try txn.withCursor(tables.leases) { cursor throws(MVCCError) in
            var entry = try cursor.get(MDB_FIRST)
            for _ in 0..<stepsMax {
                guard let (key, value) = entry else { return }
                guard let id = RecordEncoding.decodeLeaseID(key), let ttl = RecordEncoding.decodeInt64(value) else {
                    throw .corrupt("malformed lease record")
                }
                leases.append(Lease(id: id, ttl: ttl))
                entry = try cursor.get(MDB_NEXT)
            }
            preconditionFailure("lease scan outran the \(stepsMax) leases")
        }
        return leases
    }

    /// The keys attached to lease `id`, sorted.
    func keys(ofLease id: Int64) throws(MVCCError) -> [[UInt8]] {
        let leaseKey = RecordEncoding.leaseID(id)
        let stepsMax = try txn.entryCount(tables.leaseKeys) + 1
        var keys: [[UInt8]] = []
        try txn.withCursor(tables.leaseKeys) { cursor throws(MVCCError) in
            var entry = try cursor.get(MDB_SET, key: leaseKey)
            for _ in 0..<stepsMax {
                guard let value = entry?.value else { return }
                keys.append(value)
                entry = try cursor.get(MDB_NEXT_DUP)
            }
            preconditionFailure("lease key scan outran the \(stepsMax) entries")
        }
        return keys
    }
}

/// Lease requests: grant records a TTL; revoke deletes the lease's keys at one revision.
extension Applier {
    func leaseGrant(id: Int64, ttl: Int64, _ writer: inout HistoryWriter) throws(MVCCError) -> Response {
        // etcd's lessor refuses the "no lease" id as not found.
        if id == 0 { throw .leaseNotFound }
        if ttl > maxLeaseTTL { throw .leaseTTLTooLarge }
        if try view.lease(id) != nil { throw .leaseExists }
        try writer.grantLease(Lease(id: id, ttl: ttl))
        return .leaseGrant(revision: writer.revision, id: id, ttl: ttl)
    }

    func leaseRevoke(id: Int64, _ writer: inout HistoryWriter) throws(MVCCError) -> Response {
        guard try view.lease(id) != nil else { throw .leaseNotFound }
        for key in try view.keys(ofLease: id) {
            guard let kv = try view.keyValue(of: key, before: nil) else {
                throw .corrupt("lease \(id) holds a deleted key")
            }
            try writer.delete(kv)
        }
        try writer.removeLease(id)
        return .leaseRevoke(revision: writer.revision)
    }
}
