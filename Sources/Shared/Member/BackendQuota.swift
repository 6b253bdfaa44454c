import MVCC

/// etcd's `--quota-backend-bytes`: a member refuses a write that could grow its store past the
/// quota, and raises the NOSPACE alarm (`ServiceContext.proposeWithinQuota`). The estimate is
/// kvd's own, from what the store writes for a request; it only has to be an honest upper bound.
public struct BackendQuota: Sendable, Equatable {
    /// etcd's default quota: 2 GiB.
    public static let defaultBytes: Int64 = 2 << 30
    /// A negative `--quota-backend-bytes` turns the quota off, as in etcd; the store's map
    /// still bounds it (see `storeMapSizeBytes`), so a full store raises NOSPACE, not a crash.
    public static let disabledBytes: Int64 = 1 << 40

    /// Room above the quota in the store's map: the writes admitted just under the quota
    /// (the largest request is far smaller) and LMDB's own pages.
    static let mapHeadroomBytes: Int64 = 1 << 30

    /// The store's map for a quota: at least the 8 GiB kvd has always used.
    public static func storeMapSizeBytes(quota: Int64) -> Int {
        precondition(quota > 0, "a backend quota must be positive")
        return Int(max(8 << 30, quota + mapHeadroomBytes))
    }

    /// The most the store file may grow to.
    public var bytes: Int64

    public init(bytes: Int64 = defaultBytes) {
        precondition(bytes > 0, "a backend quota must be positive")
        self.bytes = bytes
    }

    /// Whether a store of `storeBytes` may take a request that adds up to `costBytes`.
    /// A request that adds nothing always passes, so deletes and compaction free space.
    public func admits(costBytes: Int64, storeBytes: Int64) -> Bool {
        costBytes == 0 || costBytes <= bytes - storeBytes
    }

    /// A put's history record and key mark beyond its key and value: the revision key (16
    /// bytes), the record's fields (at most 37), the mark (17), and LMDB's node headers.
    static let putOverheadBytes: Int64 = 96
    /// A lease record: its 8-byte id and 8-byte TTL, and LMDB's node header.
    static let leaseOverheadBytes: Int64 = 32

    /// What `request` may add to the store; 0 for requests that only read or remove.
    public static func cost(of request: Request) -> Int64 {
        switch request {
        case .put(let put): cost(of: put)
        case .txn(let txn): cost(of: txn)
        case .leaseGrant: leaseOverheadBytes
        case .deleteRange, .compact, .leaseRevoke, .alarm: 0
        }
    }

    /// The key is stored twice: in the history record and as the key index's key.
    private static func cost(of put: PutRequest) -> Int64 {
        Int64(2 * put.key.count + put.value.count) + putOverheadBytes
    }

    /// Only one branch runs: the costlier one counts.
    private static func cost(of txn: TxnRequest) -> Int64 {
        func branch(_ ops: [RequestOp]) -> Int64 {
            ops.reduce(0) { total, op in
                switch op {
                case .put(let put): total + cost(of: put)
                case .txn(let inner): total + cost(of: inner)
                case .range, .deleteRange: total
                }
            }
        }
        return max(branch(txn.success), branch(txn.failure))
    }
}
