/// The values the WAL stores. They are plain bytes and numbers to the WAL: it knows
/// nothing of Raft's rules beyond index order.

/// One log entry.
public struct WALEntry: Sendable, Equatable, Hashable {
    public var index: UInt64
    public var term: UInt64
    /// 0 normal, 1 configuration change; opaque to the WAL.
    public var kind: UInt8
    public var data: [UInt8]

    public init(index: UInt64, term: UInt64, kind: UInt8 = 0, data: [UInt8]) {
        self.index = index
        self.term = term
        self.kind = kind
        self.data = data
    }
}

/// Raft's persistent state besides the log.
public struct WALHardState: Sendable, Equatable, Hashable {
    public var term: UInt64
    public var vote: UInt64
    public var commit: UInt64

    public init(term: UInt64, vote: UInt64, commit: UInt64) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }
}

/// Records that a snapshot at (index, term) exists, so that opening can start after it.
public struct WALSnapshotMarker: Sendable, Equatable, Hashable {
    public var index: UInt64
    public var term: UInt64

    public init(index: UInt64, term: UInt64) {
        self.index = index
        self.term = term
    }

    /// The marker every new WAL starts with.
    public static let initial = WALSnapshotMarker(index: 0, term: 0)
}

/// Who wrote this WAL. Repeated at the head of every segment, and checked to agree.
public struct WALMetadata: Sendable, Equatable, Hashable {
    public var memberID: UInt64
    public var clusterID: UInt64
    /// Room for the caller's own bytes; opaque to the WAL.
    public var extra: [UInt8]

    public init(memberID: UInt64, clusterID: UInt64, extra: [UInt8] = []) {
        self.memberID = memberID
        self.clusterID = clusterID
        self.extra = extra
    }
}
