/// The order in which a member carries out a `Ready`, as a value without I/O: kvd's member and
/// the Raft simulator both run their `Ready`s through it, so the simulator's crashes,
/// partitions and restarts check the order the daemon ships.
///
/// One `Ready` at a time goes through three stages:
/// 1. `take`: the messages that vouch for nothing durable go out at once (a leader replicates
///    while it syncs); the entries, hard state and snapshot go to the disk. The member may go
///    on stepping the node meanwhile; no other `Ready` is taken.
/// 2. `persisted`: once they are durable, the messages that waited for the disk are released,
///    and the committed entries may be applied.
/// 3. `finish`: the member has applied the conf changes and handed the rest on; the node
///    advances and the next `Ready` may be taken.
/// A crash anywhere loses the `Ready` in flight: a new pipeline starts empty.
public struct ReadyPipeline: Sendable {
    private enum Stage: Sendable {
        case idle
        case persisting(Ready)
        case persisted(Ready)
    }

    private var stage = Stage.idle

    public init() {}

    /// A `Ready` has been taken and is not yet durable.
    public var isPersisting: Bool {
        if case .persisting = stage { return true }
        return false
    }

    public var isIdle: Bool {
        if case .idle = stage { return true }
        return false
    }

    /// The `Ready` taken and not yet durable: what the disk is writing.
    public var persisting: Ready? {
        if case .persisting(let rd) = stage { return rd }
        return nil
    }

    /// What may happen before the disk: the `Ready` to persist, and the messages to send now.
    public struct Taken: Sendable {
        public var ready: Ready
        public var sendNow: [Message]
    }

    /// What the disk released.
    public struct Released: Sendable {
        public var ready: Ready
        /// Messages (append and vote responses) that vouch for what is now durable.
        public var sendNow: [Message]
        /// Entries now committed and durable here, to apply in order.
        public var committedEntries: [Entry]
    }

    /// Takes the node's next `Ready`, unless one is still in flight or the node has none.
    public mutating func take(from node: inout RaftNode) -> Taken? {
        guard isIdle, node.hasReady else { return nil }
        let rd = node.ready()
        stage = .persisting(rd)
        return Taken(ready: rd, sendNow: rd.messages.filter { !$0.requiresPersistence })
    }

    /// The `Ready` in flight is durable.
    public mutating func persisted() -> Released {
        guard case .persisting(let rd) = stage else {
            preconditionFailure("a Ready was reported persisted that was never taken")
        }
        stage = .persisted(rd)
        return Released(ready: rd, sendNow: rd.messages.filter(\.requiresPersistence),
                        committedEntries: rd.committedEntries)
    }

    /// The persisted `Ready`'s conf changes are applied and its other entries handed on: the
    /// node advances.
    public mutating func finish(_ node: inout RaftNode) {
        guard case .persisted(let rd) = stage else {
            preconditionFailure("a Ready was finished before it was persisted")
        }
        node.advance(rd)
        stage = .idle
    }
}
