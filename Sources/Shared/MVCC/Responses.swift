/// etcd's `RangeResponse`; `revision` is the header's: the store's current revision.
public struct RangeResponse: Sendable, Equatable {
    public var revision: Int64
    public var kvs: [KeyValue]
    /// More keys matched than `limit` let through.
    public var more: Bool
    /// How many keys the range holds at the revision read, before filters and limit.
    public var count: Int64

    public init(revision: Int64, kvs: [KeyValue], more: Bool, count: Int64) {
        self.revision = revision
        self.kvs = kvs
        self.more = more
        self.count = count
    }
}

public struct PutResponse: Sendable, Equatable {
    public var revision: Int64
    public var prevKV: KeyValue?

    public init(revision: Int64, prevKV: KeyValue? = nil) {
        self.revision = revision
        self.prevKV = prevKV
    }
}

public struct DeleteRangeResponse: Sendable, Equatable {
    public var revision: Int64
    public var deleted: Int64
    public var prevKVs: [KeyValue]

    public init(revision: Int64, deleted: Int64, prevKVs: [KeyValue] = []) {
        self.revision = revision
        self.deleted = deleted
        self.prevKVs = prevKVs
    }
}

public enum ResponseOp: Sendable, Equatable {
    case range(RangeResponse)
    case put(PutResponse)
    case deleteRange(DeleteRangeResponse)
    case txn(TxnResponse)
}

/// etcd's `TxnResponse`. As in etcd, each nested response carries the revision as it stood
/// after that op: the new revision once the txn has changed something.
public struct TxnResponse: Sendable, Equatable {
    public var revision: Int64
    public var succeeded: Bool
    public var responses: [ResponseOp]

    public init(revision: Int64, succeeded: Bool, responses: [ResponseOp]) {
        self.revision = revision
        self.succeeded = succeeded
        self.responses = responses
    }
}

/// The outcome of one applied `Request`; every case carries the revision after it.
public enum Response: Sendable, Equatable {
    case put(PutResponse)
    case deleteRange(DeleteRangeResponse)
    case txn(TxnResponse)
    case compact(revision: Int64)
    case leaseGrant(revision: Int64, id: Int64, ttl: Int64)
    case leaseRevoke(revision: Int64)
    /// The alarm raised or cleared; empty when a cleared alarm was not raised.
    case alarm(revision: Int64, alarms: [AlarmMember])

    public var revision: Int64 {
        switch self {
        case .put(let response): response.revision
        case .deleteRange(let response): response.revision
        case .txn(let response): response.revision
        case .compact(let revision), .leaseGrant(let revision, _, _), .leaseRevoke(let revision), .alarm(let revision, _):
            revision
        }
    }
}

/// What applying one `IndexedRequest` did. A failed request changed nothing.
public struct AppliedRequest: Sendable, Equatable {
    public var index: UInt64
    public var result: Result<Response, MVCCError>
    /// The changes it made, in revision order, each with its `prevKV`, for live watchers.
    public var events: [Event]

    public init(index: UInt64, result: Result<Response, MVCCError>, events: [Event]) {
        self.index = index
        self.result = result
        self.events = events
    }
}

/// A slice of history for a watcher catching up.
public struct EventsResponse: Sendable, Equatable {
    public var events: [Event]
    /// The events are complete through this revision: a watcher continues from the next one.
    public var revision: Int64

    public init(events: [Event], revision: Int64) {
        self.events = events
        self.revision = revision
    }
}

/// etcd's `HashKVResponse`.
public struct HashKVResponse: Sendable, Equatable {
    /// CRC-32C (Castagnoli) of every stored (revision, record) pair up to `hashRevision`.
    public var hash: UInt32
    public var compactRevision: Int64
    public var hashRevision: Int64
    /// The current revision (the header's).
    public var revision: Int64
}

public struct StoreStatus: Sendable, Equatable {
    public var revision: Int64
    public var compactRevision: Int64
    public var appliedIndex: UInt64
    /// The data file's size.
    public var dbSizeBytes: Int64
    /// The pages in use: the file less LMDB's free pages.
    public var dbSizeInUseBytes: Int64
}

public struct DefragmentResult: Sendable, Equatable {
    public var sizeBeforeBytes: Int64
    public var sizeAfterBytes: Int64
}
