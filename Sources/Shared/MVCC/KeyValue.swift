/// One key's state at one revision, as etcd's `mvccpb.KeyValue`.
public struct KeyValue: Sendable, Equatable, Hashable {
    public var key: [UInt8]
    /// The revision of the put that created the key's current incarnation.
    public var createRevision: Int64
    /// The revision of the key's last change.
    public var modRevision: Int64
    /// 1 on create, +1 on each put; a delete ends the incarnation.
    public var version: Int64
    public var value: [UInt8]
    /// The lease the key is attached to, 0 for none.
    public var lease: Int64

    public init(
        key: [UInt8], createRevision: Int64, modRevision: Int64, version: Int64,
        value: [UInt8], lease: Int64 = 0
    ) {
        self.key = key
        self.createRevision = createRevision
        self.modRevision = modRevision
        self.version = version
        self.value = value
        self.lease = lease
    }
}

/// A change seen by watchers, as etcd's `mvccpb.Event`.
public struct Event: Sendable, Equatable {
    public enum EventType: Sendable, Equatable {
        case put
        case delete
    }

    public var type: EventType
    /// For a delete, only `key` and `modRevision` (the deletion's revision) are set, as in etcd.
    public var kv: KeyValue
    /// The key's state just before this change, when it existed (and was asked for).
    public var prevKV: KeyValue?

    public init(type: EventType, kv: KeyValue, prevKV: KeyValue? = nil) {
        self.type = type
        self.kv = kv
        self.prevKV = prevKV
    }
}

/// A lease as the store keeps it: expiry is the server's business, not the store's.
public struct Lease: Sendable, Equatable {
    public var id: Int64
    /// The TTL the lease was granted with.
    public var ttl: Int64

    public init(id: Int64, ttl: Int64) {
        self.id = id
        self.ttl = ttl
    }
}

/// A point in the store's history: `main` counts write requests, `sub` the changes within one.
struct Revision: Comparable, Hashable, Sendable {
    var main: Int64
    var sub: Int64

    static func < (lhs: Revision, rhs: Revision) -> Bool {
        (lhs.main, lhs.sub) < (rhs.main, rhs.sub)
    }
}
