/// etcd's `RangeRequest`.
public struct RangeRequest: Sendable, Equatable {
    public enum SortOrder: Sendable, Equatable {
        case none
        case ascend
        case descend
    }

    public enum SortTarget: Sendable, Equatable {
        case key
        case version
        case create
        case mod
        case value
    }

    public var key: [UInt8]
    /// Empty: `key` alone. `[0]`: every key >= `key`. Otherwise the keys in [key, rangeEnd).
    public var rangeEnd: [UInt8]
    /// 0 for no limit.
    public var limit: Int64
    /// The revision to read at; 0 (or less) for the current one.
    public var revision: Int64
    public var sortOrder: SortOrder
    public var sortTarget: SortTarget
    public var keysOnly: Bool
    public var countOnly: Bool
    /// Each filter is off when 0.
    public var minModRevision: Int64
    public var maxModRevision: Int64
    public var minCreateRevision: Int64
    public var maxCreateRevision: Int64

    public init(
        key: [UInt8], rangeEnd: [UInt8] = [], limit: Int64 = 0, revision: Int64 = 0,
        sortOrder: SortOrder = .none, sortTarget: SortTarget = .key,
        keysOnly: Bool = false, countOnly: Bool = false,
        minModRevision: Int64 = 0, maxModRevision: Int64 = 0,
        minCreateRevision: Int64 = 0, maxCreateRevision: Int64 = 0
    ) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.limit = limit
        self.revision = revision
        self.sortOrder = sortOrder
        self.sortTarget = sortTarget
        self.keysOnly = keysOnly
        self.countOnly = countOnly
        self.minModRevision = minModRevision
        self.maxModRevision = maxModRevision
        self.minCreateRevision = minCreateRevision
        self.maxCreateRevision = maxCreateRevision
    }
}

/// etcd's `PutRequest`.
public struct PutRequest: Sendable, Equatable {
    public var key: [UInt8]
    public var value: [UInt8]
    /// 0 for no lease.
    public var lease: Int64
    public var prevKV: Bool
    /// Keep the key's current value (the key must exist).
    public var ignoreValue: Bool
    /// Keep the key's current lease (the key must exist).
    public var ignoreLease: Bool

    public init(
        key: [UInt8], value: [UInt8] = [], lease: Int64 = 0, prevKV: Bool = false,
        ignoreValue: Bool = false, ignoreLease: Bool = false
    ) {
        self.key = key
        self.value = value
        self.lease = lease
        self.prevKV = prevKV
        self.ignoreValue = ignoreValue
        self.ignoreLease = ignoreLease
    }
}

/// etcd's `DeleteRangeRequest`; `rangeEnd` as in `RangeRequest`.
public struct DeleteRangeRequest: Sendable, Equatable {
    public var key: [UInt8]
    public var rangeEnd: [UInt8]
    public var prevKV: Bool

    public init(key: [UInt8], rangeEnd: [UInt8] = [], prevKV: Bool = false) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.prevKV = prevKV
    }
}

/// etcd's `Compare`: `target` carries both the field compared and the operand
/// (etcd's `target` and `target_union`).
public struct Compare: Sendable, Equatable {
    public enum Result: Sendable, Equatable {
        case equal
        case greater
        case less
        case notEqual
    }

    public enum Target: Sendable, Equatable {
        case version(Int64)
        case create(Int64)
        case mod(Int64)
        case value([UInt8])
        case lease(Int64)
    }

    public var key: [UInt8]
    /// As in `RangeRequest`: over a range, every key in it must satisfy the compare.
    public var rangeEnd: [UInt8]
    public var target: Target
    public var result: Result

    public init(key: [UInt8], rangeEnd: [UInt8] = [], target: Target, result: Result) {
        self.key = key
        self.rangeEnd = rangeEnd
        self.target = target
        self.result = result
    }
}

/// etcd's `RequestOp`.
public enum RequestOp: Sendable, Equatable {
    case range(RangeRequest)
    case put(PutRequest)
    case deleteRange(DeleteRangeRequest)
    case txn(TxnRequest)
}

/// etcd's `TxnRequest`.
public struct TxnRequest: Sendable, Equatable {
    public var compare: [Compare]
    public var success: [RequestOp]
    public var failure: [RequestOp]

    public init(compare: [Compare] = [], success: [RequestOp] = [], failure: [RequestOp] = []) {
        self.compare = compare
        self.success = success
        self.failure = failure
    }
}

/// Everything the apply loop hands the store.
public enum Request: Sendable, Equatable {
    case put(PutRequest)
    case deleteRange(DeleteRangeRequest)
    case txn(TxnRequest)
    /// Compact at this revision.
    case compact(revision: Int64)
    /// etcd's `LeaseGrantRequest` with the id already chosen by the server.
    case leaseGrant(id: Int64, ttl: Int64)
    case leaseRevoke(id: Int64)
    /// Raise or clear an alarm (etcd's AlarmRequest ACTIVATE and DEACTIVATE).
    case alarm(AlarmChange)
}

/// A committed Raft entry's request, with the entry's index.
public struct IndexedRequest: Sendable, Equatable {
    public var index: UInt64
    public var request: Request

    public init(index: UInt64, request: Request) {
        self.index = index
        self.request = request
    }
}
