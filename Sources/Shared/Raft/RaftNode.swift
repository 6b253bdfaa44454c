/// Everything the application must do after the node's state changed, in this order:
/// persist `snapshot`, `entries` and `hardState` (one fsync when `mustSync`); send `messages`
/// (those with `requiresPersistence` only after that fsync); apply `snapshot`, then
/// `committedEntries` (conf changes before `advance`; the rest may be applied after it, in
/// order, as etcd's apply runs behind its Raft loop); serve `readStates` once applied up to
/// their index; call `advance`.
public struct Ready: Sendable {
    public var softState: SoftState?
    public var hardState: HardState?
    public var readStates: [ReadState]
    public var entries: [Entry]
    public var snapshot: Snapshot?
    public var committedEntries: [Entry]
    public var messages: [Message]
    public var mustSync: Bool
}

/// What a member reports about itself.
public struct RaftStatus: Sendable, Hashable {
    public var id: NodeID
    public var hardState: HardState
    public var softState: SoftState
    public var applied: UInt64
    public var lastIndex: UInt64
    public var confState: ConfState
    /// On a leader, each member's acknowledged index.
    public var matchIndex: [NodeID: UInt64]
}

/// The application's handle on Raft: inputs as methods, outputs as `Ready` values.
/// A value type with no threads: the owner serializes calls (the server keeps it in one task).
public struct RaftNode {
    private var machine: RaftMachine
    private var previousSoftState: SoftState
    private var previousHardState: HardState
    /// Between `ready()` and `advance(_:)`: another `ready()` would hand out the same work twice.
    private var awaitingAdvance = false

    public init(config: RaftConfig, storage: RaftStorage) throws(RaftError) {
        machine = try RaftMachine(config: config, storage: storage)
        previousSoftState = machine.softState
        previousHardState = machine.hardState
    }

    public var id: NodeID { machine.id }

    public mutating func tick() { machine.tick() }

    /// Starts an election now (used to elect the first leader without waiting).
    public mutating func campaign() throws(RaftError) {
        try machine.step(Message(kind: .hup))
    }

    public mutating func propose(_ data: [UInt8]) throws(RaftError) {
        try machine.step(Message(kind: .propose, from: id, entries: [Entry(data: data)]))
    }

    public mutating func proposeConfChange(_ change: ConfChange) throws(RaftError) {
        try machine.step(Message(kind: .propose, from: id, entries: [Entry(kind: .confChange, data: change.encoded)]))
    }

    /// Applies a committed conf change entry; the application calls it while applying.
    @discardableResult
    public mutating func applyConfChange(_ change: ConfChange) throws(RaftError) -> ConfState {
        try machine.applyConfChange(change)
    }

    /// Feeds a message from a peer. Local-only kinds and responses from non-members are refused.
    public mutating func step(_ message: Message) throws(RaftError) {
        if message.kind.isLocalOnly { throw .stepLocalMessage }
        if message.kind.isResponse && machine.tracker.progress[message.from] == nil { throw .stepPeerNotFound }
        try machine.step(message)
    }

    /// Asks for a linearizable read point; the answer arrives as a `ReadState` with `context`.
    public mutating func readIndex(context: [UInt8]) {
        try? machine.step(Message(kind: .readIndex, entries: [Entry(data: context)]))
    }

    public mutating func transferLeadership(to transferee: NodeID) {
        try? machine.step(Message(kind: .transferLeader, from: transferee))
    }

    public mutating func reportUnreachable(_ member: NodeID) {
        try? machine.step(Message(kind: .unreachable, from: member))
    }

    public mutating func reportSnapshot(_ member: NodeID, succeeded: Bool) {
        try? machine.step(Message(kind: .snapshotStatus, from: member, reject: !succeeded))
    }

    public var hasReady: Bool {
        if awaitingAdvance { return false }
        return machine.softState != previousSoftState
            || (machine.hardState != previousHardState && !machine.hardState.isEmpty)
            || machine.log.hasPendingSnapshot
            || !machine.messages.isEmpty
            || machine.pendingBroadcast
            || !machine.log.unstableEntries().isEmpty
            || machine.log.hasNextCommittedEntries
            || !machine.readStates.isEmpty
    }

    public mutating func ready() -> Ready {
        precondition(!awaitingAdvance, "ready() called again before advance()")
        machine.flushPendingBroadcast()
        let soft = machine.softState
        let hard = machine.hardState
        let committed = machine.log.nextCommittedEntries()
        let entries = machine.log.unstableEntries()
        let rd = Ready(
            softState: soft != previousSoftState ? soft : nil,
            hardState: hard != previousHardState ? hard : nil,
            readStates: machine.readStates,
            entries: entries,
            snapshot: machine.log.unstable.snapshot,
            committedEntries: committed,
            messages: machine.messages,
            mustSync: !entries.isEmpty || hard.term != previousHardState.term || hard.vote != previousHardState.vote
        )
        machine.messages = []
        machine.readStates = []
        previousSoftState = soft
        previousHardState = hard
        if let last = committed.last { machine.log.acceptApplying(last.index) }
        awaitingAdvance = true
        return rd
    }

    /// Tells Raft that `rd` was persisted and applied as `Ready` describes.
    public mutating func advance(_ rd: Ready) {
        precondition(awaitingAdvance, "advance() without ready()")
        awaitingAdvance = false
        if let snapshot = rd.snapshot {
            machine.log.unstable.stableSnapshotTo(index: snapshot.metadata.index)
            machine.log.appliedTo(snapshot.metadata.index)
        }
        if let last = rd.entries.last {
            machine.log.unstable.stableTo(index: last.index, term: last.term)
            machine.acknowledgePersisted(index: last.index, term: last.term)
        }
        if let last = rd.committedEntries.last {
            machine.log.appliedTo(last.index)
            machine.reduceUncommitted(rd.committedEntries)
        }
    }

    public var status: RaftStatus {
        var match: [NodeID: UInt64] = [:]
        if machine.role == .leader {
            for (member, pr) in machine.tracker.progress { match[member] = pr.match }
        }
        return RaftStatus(id: machine.id, hardState: machine.hardState, softState: machine.softState,
                          applied: machine.log.applied, lastIndex: machine.log.lastIndex,
                          confState: machine.tracker.confState, matchIndex: match)
    }
}

extension RaftNode {
    /// The term of the entry at `index`, or nil when compacted or beyond the log.
    public func term(at index: UInt64) -> UInt64? { machine.log.term(at: index) }

    /// The hard state alone, without building a whole `status` (hot paths read it).
    public var hardState: HardState { machine.hardState }

    /// The role and leader now, which a `Ready` reports only once the previous one is advanced.
    public var softState: SoftState { machine.softState }

    /// The first index still held in the log (entries before it are in the snapshot).
    public var firstIndex: UInt64 { machine.log.firstIndex }
}
