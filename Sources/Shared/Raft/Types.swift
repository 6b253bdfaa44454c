/// A member's identity. Zero means "nobody" (no leader, no vote).
public typealias NodeID = UInt64

/// The id that stands for "no member".
public let noNode: NodeID = 0

public enum EntryKind: UInt8, Sendable, Hashable {
    case normal = 0
    case confChange = 1
}

/// One slot of the replicated log. `data` is opaque to Raft except for conf changes.
public struct Entry: Hashable, Sendable {
    public var term: UInt64
    public var index: UInt64
    public var kind: EntryKind
    public var data: [UInt8]

    public init(term: UInt64 = 0, index: UInt64 = 0, kind: EntryKind = .normal, data: [UInt8] = []) {
        self.term = term
        self.index = index
        self.kind = kind
        self.data = data
    }

    /// What flow control charges for an entry: its payload plus a fixed header estimate.
    var sizeBytes: UInt64 { UInt64(data.count) + 24 }
}

/// What a member must persist before it sends any message that depends on it.
public struct HardState: Hashable, Sendable {
    public var term: UInt64
    public var vote: NodeID
    public var commit: UInt64

    public init(term: UInt64 = 0, vote: NodeID = noNode, commit: UInt64 = 0) {
        self.term = term
        self.vote = vote
        self.commit = commit
    }

    public var isEmpty: Bool { self == HardState() }
}

/// The membership: who votes and who only listens. Both lists are kept sorted.
public struct ConfState: Hashable, Sendable {
    public var voters: [NodeID]
    public var learners: [NodeID]

    public init(voters: [NodeID] = [], learners: [NodeID] = []) {
        self.voters = voters.sorted()
        self.learners = learners.sorted()
    }

    public func contains(_ id: NodeID) -> Bool { voters.contains(id) || learners.contains(id) }
}

public struct SnapshotMetadata: Hashable, Sendable {
    public var index: UInt64
    public var term: UInt64
    public var confState: ConfState

    public init(index: UInt64 = 0, term: UInt64 = 0, confState: ConfState = ConfState()) {
        self.index = index
        self.term = term
        self.confState = confState
    }
}

/// The application state as of `metadata.index`, plus the configuration at that point.
public struct Snapshot: Hashable, Sendable {
    public var metadata: SnapshotMetadata
    public var data: [UInt8]

    public init(metadata: SnapshotMetadata = SnapshotMetadata(), data: [UInt8] = []) {
        self.metadata = metadata
        self.data = data
    }

    public var isEmpty: Bool { metadata.index == 0 }
}

public enum MessageKind: UInt8, Sendable, Hashable, CaseIterable {
    // Local: made by the node itself or by its application, never sent over the network.
    case hup = 0
    case beat = 1
    case propose = 2
    case unreachable = 3
    case snapshotStatus = 4
    case checkQuorum = 5
    case readIndex = 6
    case transferLeader = 7
    // Between members.
    case append = 10
    case appendResponse = 11
    case vote = 12
    case voteResponse = 13
    case preVote = 14
    case preVoteResponse = 15
    case snapshot = 16
    case heartbeat = 17
    case heartbeatResponse = 18
    case timeoutNow = 19
    case readIndexResponse = 20

    /// Local kinds must not arrive from a peer; `propose`, `readIndex` and `transferLeader`
    /// are both: the application makes them and followers forward them to the leader.
    public var isLocalOnly: Bool {
        switch self {
        case .hup, .beat, .unreachable, .snapshotStatus, .checkQuorum: true
        default: false
        }
    }

    var isResponse: Bool {
        switch self {
        case .appendResponse, .voteResponse, .preVoteResponse, .heartbeatResponse, .readIndexResponse,
             .unreachable, .snapshotStatus:
            true
        default: false
        }
    }
}

public struct Message: Hashable, Sendable {
    public var kind: MessageKind
    public var to: NodeID
    public var from: NodeID
    public var term: UInt64
    /// For appends: the term of the entry at `index`; for rejections: the hint's term.
    public var logTerm: UInt64
    public var index: UInt64
    public var entries: [Entry]
    public var commit: UInt64
    public var snapshot: Snapshot?
    public var reject: Bool
    public var rejectHint: UInt64
    public var context: [UInt8]
    /// Heartbeats carry the leader's lease clock; responses echo it (lease-based reads).
    public var leaseTick: UInt64

    public init(
        kind: MessageKind, to: NodeID = noNode, from: NodeID = noNode, term: UInt64 = 0,
        logTerm: UInt64 = 0, index: UInt64 = 0, entries: [Entry] = [], commit: UInt64 = 0,
        snapshot: Snapshot? = nil, reject: Bool = false, rejectHint: UInt64 = 0,
        context: [UInt8] = [], leaseTick: UInt64 = 0
    ) {
        self.kind = kind
        self.to = to
        self.from = from
        self.term = term
        self.logTerm = logTerm
        self.index = index
        self.entries = entries
        self.commit = commit
        self.snapshot = snapshot
        self.reject = reject
        self.rejectHint = rejectHint
        self.context = context
        self.leaseTick = leaseTick
    }

    /// A message that vouches for local durable state (log entries or a vote) may only leave
    /// once the `Ready` that produced it has been persisted. Everything else may go at once,
    /// which is what lets a leader send appends while it fsyncs.
    public var requiresPersistence: Bool {
        switch kind {
        case .appendResponse, .voteResponse: true
        default: false
        }
    }
}

public enum Role: UInt8, Sendable, Hashable, CustomStringConvertible {
    case follower, preCandidate, candidate, leader

    public var description: String {
        switch self {
        case .follower: "follower"
        case .preCandidate: "pre-candidate"
        case .candidate: "candidate"
        case .leader: "leader"
        }
    }
}

/// Volatile state worth telling the application about when it changes.
public struct SoftState: Hashable, Sendable {
    public var lead: NodeID
    public var role: Role
}

/// The answer to a `readIndex` request: once the application has applied `index`,
/// a read made locally reflects every write committed before the request began.
public struct ReadState: Hashable, Sendable {
    public var index: UInt64
    public var context: [UInt8]
}

public enum ReadOnlyOption: Sendable, Hashable {
    /// Confirm leadership with a quorum of heartbeats for every read batch.
    case safe
    /// Trust the leader's lease; requires check-quorum and bounded clock drift.
    case leaseBased
}

public enum RaftError: Error, Hashable, Sendable {
    case proposalDropped
    case invalidConfig(String)
    case stepLocalMessage
    case stepPeerNotFound
    case removedAllVoters
    case confChangeRejected(String)
}
