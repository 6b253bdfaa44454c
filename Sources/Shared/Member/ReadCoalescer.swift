import Raft

/// Linearizable reads, coalesced: at most one ReadIndex round is in flight per member, and
/// every read that arrives meanwhile waits for the next round. A round asked before a read
/// began cannot vouch for it (a write acknowledged in between may be past the index it
/// returns), so late arrivals never join the round in flight. A confirmed round's reads wait
/// until the member has applied up to the index the leader gave.
///
/// Pure: the member feeds it events and does what it returns (ask Raft, resume waiters).
struct ReadCoalescer<Waiter> {
    struct Read {
        var waiter: Waiter
        var deadline: UInt64
    }

    struct Round {
        var context: [UInt8]
        var reads: [Read]
        /// When the request last went to Raft: Raft drops it while there is no leader, so an
        /// unanswered round is asked again.
        var requestedAt: UInt64
        /// The leader when it was asked (none while there was none).
        var leader: NodeID
    }

    /// Arrived after the round in flight was asked.
    private(set) var queued: [Read] = []
    private(set) var inflight: Round?
    /// Confirmed rounds waiting for the apply, by the index the leader gave.
    private var confirmed: [(index: UInt64, reads: [Read])] = []
    /// Numbers rounds; random per run so that an answer to an earlier run's round (still on
    /// its way from the leader) cannot match one of this run.
    private var counter: UInt64

    init(firstContext: UInt64) {
        counter = firstContext
    }

    var count: Int { queued.count + (inflight?.reads.count ?? 0) + confirmed.reduce(0) { $0 + $1.reads.count } }

    mutating func add(_ waiter: Waiter, deadline: UInt64) {
        queued.append(Read(waiter: waiter, deadline: deadline))
    }

    /// The context of a new round to ask Raft for, if none is in flight and reads are queued.
    mutating func startRound(now: UInt64, leader: NodeID) -> [UInt8]? {
        guard inflight == nil, !queued.isEmpty else { return nil }
        counter &+= 1
        let context = withUnsafeBytes(of: counter.littleEndian) { Array($0) }
        inflight = Round(context: context, reads: queued, requestedAt: now, leader: leader)
        queued = []
        return context
    }

    /// Raft's answer to a round: its reads now wait for the apply to reach `index`. Answers
    /// to rounds already given up are ignored.
    mutating func answered(context: [UInt8], index: UInt64) {
        guard let round = inflight, round.context == context else { return }
        inflight = nil
        confirmed.append((index, round.reads))
    }

    /// The reads the apply has caught up with.
    mutating func released(applied: UInt64) -> [Waiter] {
        guard confirmed.contains(where: { $0.index <= applied }) else { return [] }
        let ready = confirmed.filter { $0.index <= applied }
        confirmed.removeAll { $0.index <= applied }
        return ready.flatMap { $0.reads.map(\.waiter) }
    }

    /// A new leader (or none): a round the old leader never confirmed is lost with it, and
    /// its reads fail, as etcd's do; a round asked while there was no leader is asked of the
    /// new one at once (its context is returned).
    mutating func leaderChanged(to lead: NodeID, now: UInt64) -> (failed: [Waiter], reask: [UInt8]?) {
        guard let round = inflight else { return ([], nil) }
        if round.leader == noNode {
            guard lead != noNode else { return ([], nil) }
            inflight?.leader = lead
            inflight?.requestedAt = now
            return ([], round.context)
        }
        guard round.leader != lead else { return ([], nil) }
        inflight = nil
        return (round.reads.map(\.waiter), nil)
    }

    /// The round in flight, if it went unanswered for `interval` ticks: to ask again.
    mutating func retryDue(now: UInt64, interval: UInt64) -> [UInt8]? {
        guard let round = inflight, now >= round.requestedAt + interval else { return nil }
        inflight?.requestedAt = now
        return round.context
    }

    /// Removes and returns the reads whose deadline has come. A round left without reads is
    /// given up, so that the next one need not wait for its answer.
    mutating func expired(now: UInt64) -> [Waiter] {
        var expired: [Waiter] = []
        func split(_ reads: inout [Read]) {
            expired += reads.filter { $0.deadline <= now }.map(\.waiter)
            reads.removeAll { $0.deadline <= now }
        }
        split(&queued)
        if inflight != nil {
            split(&inflight!.reads)
            if inflight!.reads.isEmpty { inflight = nil }
        }
        for position in confirmed.indices { split(&confirmed[position].reads) }
        confirmed.removeAll { $0.reads.isEmpty }
        return expired
    }

    /// Every read still waiting, removed: the member is stopping.
    mutating func removeAll() -> [Waiter] {
        let all = queued + (inflight?.reads ?? []) + confirmed.flatMap(\.reads)
        queued = []
        inflight = nil
        confirmed = []
        return all.map(\.waiter)
    }
}
