/// Why a request or a read failed. The descriptions are etcd's own messages, because clients
/// match on them; the server maps each case to etcd's gRPC code.
public enum MVCCError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A read, watch or compaction below the compacted revision.
    case compacted
    /// A read or compaction above the current revision.
    case futureRevision
    /// A put with `ignoreValue` or `ignoreLease` on a key that does not exist.
    case keyNotFound
    /// A put naming an unknown lease, a revoke of one, or a grant of lease id 0.
    case leaseNotFound
    case leaseExists
    case leaseTTLTooLarge
    /// One branch path of a txn writes a key twice (put + put, or put + overlapping delete).
    case duplicateKey
    /// A put with an empty key (LMDB cannot store one, and etcd refuses it).
    case emptyKey
    /// A put whose key is longer than LMDB's key limit (`MVCCStore.maxKeyBytes`).
    case keyTooLarge
    /// A request that adds data while a NOSPACE alarm is active.
    case noSpace
    /// The store was closed, or a defragmentation could not reopen it.
    case closed
    /// LMDB failed (disk full, map full, I/O error, a damaged record): the batch was not applied.
    case storage(code: Int32, message: String)

    public var description: String {
        switch self {
        case .compacted: "mvcc: required revision has been compacted"
        case .futureRevision: "mvcc: required revision is a future revision"
        case .keyNotFound: "etcdserver: key not found"
        case .leaseNotFound: "etcdserver: requested lease not found"
        case .leaseExists: "etcdserver: lease already exists"
        case .leaseTTLTooLarge: "etcdserver: too large lease TTL"
        case .duplicateKey: "etcdserver: duplicate key given in txn request"
        case .emptyKey: "etcdserver: key is not provided"
        case .keyTooLarge: "etcdserver: request is too large"
        case .noSpace: "mvcc: database space exceeded"
        case .closed: "mvcc: store is closed"
        case .storage(let code, let message): "mvcc: storage error \(code): \(message)"
        }
    }

    /// Storage failures abort a whole batch; every other case fails one request only.
    var isStorage: Bool {
        if case .storage = self { return true }
        return false
    }
}
