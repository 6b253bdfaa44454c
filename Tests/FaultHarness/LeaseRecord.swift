/// One lease of the campaign: when it was last refreshed (the send time of the last grant or
/// keep-alive the server acknowledged) and when it was seen gone. etcd's promise: a lease
/// lives at least its TTL from the last refresh the server acknowledged, unless revoked.
public struct LeaseRecord: Sendable, Equatable {
    public var lease: Int64
    public var ttlSeconds: Int64
    public var key: String
    public var refreshed: UInt64
    /// When a revoke was called, if one was.
    public var revokeCalled: UInt64?
    /// When the lease was seen gone: the return of a linearizable read that found its key
    /// absent (called after the key's put returned), or of a keep-alive that found no lease.
    public var seenGone: [UInt64] = []

    public init(lease: Int64, ttlSeconds: Int64, key: String, refreshed: UInt64) {
        self.lease = lease
        self.ttlSeconds = ttlSeconds
        self.key = key
        self.refreshed = refreshed
    }
}

public enum LeaseChecks {
    /// No lease is gone before its TTL has passed since its last acknowledged refresh, unless
    /// it was revoked before.
    public static func noEarlyExpiry(_ records: [LeaseRecord]) -> [String] {
        records.compactMap { record in
            let earliest = record.refreshed + UInt64(record.ttlSeconds) * 1_000_000_000
            guard let early = record.seenGone.filter({ $0 < earliest && $0 < (record.revokeCalled ?? .max) }).min() else {
                return nil
            }
            return "lease \(String(record.lease, radix: 16)) (TTL \(record.ttlSeconds) s, refreshed at \(record.refreshed)) was gone at \(early), \(Double(earliest - early) / 1e9) s early"
        }
    }
}
