import LogEntries
import MVCC
import Raft

/// The clients waiting on the member: writes until their entry is applied (or a new leader
/// overwrote it), linearizable reads until a confirmed read index is applied, each with a
/// deadline in ticks.
extension Member {
    struct Waiter<Value: Sendable> {
        var continuation: CheckedContinuation<Value, any Error>
        var deadline: UInt64
    }

    struct WriteWaiter {
        var waiter: Waiter<Response>
        /// The leader the proposal went to.
        var leader: NodeID
        /// Where the proposal landed in this member's log, once it has been seen there.
        var index: UInt64?
        var term: UInt64?
        /// Whether the leader changed before the entry showed up here.
        var leaderLost = false
    }

    /// Replicates `request` and returns the store's answer once it has been applied here.
    public func propose(_ request: Request) async throws -> Response {
        guard !stopped else { throw MemberError.stopped }
        sequence += 1
        let proposal = ProposedRequest(proposer: id, sequence: sequence, request: request)
        do {
            try node.propose(proposal.encoded())
        } catch {
            metrics.proposalsFailed.increment()
            throw MemberError.noLeader
        }
        scheduleDrain()
        let key = sequence
        let deadline = now + config.requestTimeoutTicks
        let leader = self.leader
        return try await withCheckedThrowingContinuation { continuation in
            writes[key] = WriteWaiter(waiter: Waiter(continuation: continuation, deadline: deadline), leader: leader)
        }
    }

    /// Returns once a local read reflects every write committed before this call began
    /// (ReadIndex: the leader confirms its leadership with a quorum, then this member waits
    /// until it has applied that far). Reads share rounds: see `ReadCoalescer`.
    public func linearizableRead() async throws {
        guard !stopped else { throw MemberError.stopped }
        let deadline = now + config.requestTimeoutTicks
        try await withCheckedThrowingContinuation { continuation in
            reads.add(continuation, deadline: deadline)
            askForReadsIfIdle()
            scheduleDrain()
        }
    }

    /// A read the old leader never confirmed fails at once with "leader changed", as etcd's
    /// do. A write waits: even one not yet in this member's log may be in the new leader's,
    /// and committed, so failing it would tell the client a lie; if it times out, it says
    /// the leader failed, as etcd's does. (One that a new leader overwrote fails at once, in
    /// `trackProposals`: that one can never commit.)
    func failRequestsOfOtherLeaders(current lead: NodeID) {
        for (key, write) in writes where write.index == nil && write.leader != lead {
            writes[key]?.leaderLost = true
        }
        let (failed, reask) = reads.leaderChanged(to: lead, now: now)
        for read in failed { read.resume(throwing: MemberError.leaderChanged) }
        if let reask { node.readIndex(context: reask) }
        askForReadsIfIdle()
    }

    /// Notes where this member's proposals land in its log, and fails those whose entry a new
    /// leader overwrote (entries arriving at or before their index, of another term).
    func trackProposals(_ entries: [Entry]) {
        trackMembershipChanges(entries)
        guard !entries.isEmpty, !writes.isEmpty else { return }
        for entry in entries where entry.kind == .normal {
            guard let origin = ProposedRequest.origin(of: entry.data), origin.proposer == id,
                  writes[origin.sequence] != nil else { continue }
            writes[origin.sequence]?.index = entry.index
            writes[origin.sequence]?.term = entry.term
        }
        for (key, write) in writes {
            guard let index = write.index, let term = write.term,
                  Self.overwrites(entries, index: index, term: term) else { continue }
            writes[key] = nil
            metrics.proposalsFailed.increment()
            write.waiter.continuation.resume(throwing: MemberError.leaderChanged)
        }
    }

    /// Whether `entries`, new to this member's log, replace the entry it holds at `index` from
    /// `term`: Raft hands over entries at or before an index only when a leader's log
    /// disagrees with this one from there on, so the entry is gone unless the same one came back.
    static func overwrites(_ entries: [Entry], index: UInt64, term: UInt64) -> Bool {
        guard let first = entries.first?.index, index >= first else { return false }
        let offset = index - first
        return offset >= UInt64(entries.count) || entries[Int(offset)].term != term
    }

    func retryUnansweredReads() {
        if let context = reads.retryDue(now: now, interval: UInt64(config.electionTicks)) {
            node.readIndex(context: context)
        }
    }

    /// Starts a ReadIndex round for the reads that arrived since the last one was asked.
    func askForReadsIfIdle() {
        if let context = reads.startRound(now: now, leader: leader) { node.readIndex(context: context) }
    }

    func answerReads() {
        for read in reads.released(applied: storeApplied.index) { read.resume() }
        askForReadsIfIdle()
    }

    func expireWaiters() {
        for (key, write) in writes where write.waiter.deadline <= now {
            writes[key] = nil
            metrics.proposalsFailed.increment()
            write.waiter.continuation.resume(throwing: write.leaderLost ? MemberError.timeoutDueToLeaderFail : MemberError.timeout)
        }
        for (key, pending) in membershipWaiters where pending.waiter.deadline <= now {
            membershipWaiters[key] = nil
            pending.waiter.continuation.resume(throwing: MemberError.timeout)
        }
        for read in reads.expired(now: now) { read.resume(throwing: MemberError.timeout) }
    }
}
