import Foundation
import Raft

/// Run-time membership changes: proposed through Raft as conf changes whose context is a
/// `MembershipChange`, applied by every member alike, answered by the member that proposed.
extension Member {
    /// Proposes `change` (its proposer and sequence are filled in here) once etcd's checks pass,
    /// and returns the members once it is applied here.
    public func changeMembership(_ change: MembershipChange) async throws -> [MemberInfo] {
        guard !stopped else { throw MemberError.stopped }
        if let rejection = change.rejection(in: cluster) ?? reconfigurationRisk(of: change) { throw rejection }
        sequence += 1
        var proposal = change
        proposal.proposer = id
        proposal.sequence = sequence
        do {
            try node.proposeConfChange(proposal.confChange)
        } catch {
            throw MemberError.noLeader
        }
        scheduleDrain()
        let key = sequence
        let deadline = now + config.requestTimeoutTicks
        return try await withCheckedThrowingContinuation { continuation in
            membershipWaiters[key] = MembershipWaiter(waiter: Waiter(continuation: continuation, deadline: deadline),
                                                      change: proposal, proposedAt: now)
        }
    }

    /// Raft drops a conf change while another is still being applied (and a forwarded one can
    /// be lost): one not seen in the log an election timeout later is proposed again. A change
    /// that lands twice is harmless: the second is refused when applied, and nobody waits on it.
    func retryDroppedMembershipChanges() {
        let interval = UInt64(config.electionTicks)
        for (key, pending) in membershipWaiters where pending.index == nil && now >= pending.proposedAt + interval {
            membershipWaiters[key]?.proposedAt = now
            try? node.proposeConfChange(pending.change.confChange)
        }
    }

    /// Notes where this member's membership changes land in its log, and fails at once, as
    /// writes do, those whose entry a new leader overwrote: it will never apply.
    func trackMembershipChanges(_ entries: [Entry]) {
        guard !membershipWaiters.isEmpty else { return }
        for (key, pending) in membershipWaiters {
            guard let index = pending.index, let term = pending.term,
                  Self.overwrites(entries, index: index, term: term) else { continue }
            membershipWaiters[key] = nil
            pending.waiter.continuation.resume(throwing: MemberError.leaderChanged)
        }
        for entry in entries where entry.kind == .confChange {
            guard let change = ConfChange(decoding: entry.data), let decoded = try? MembershipChange(change),
                  decoded.proposer == id, membershipWaiters[decoded.sequence]?.index == nil else { continue }
            membershipWaiters[decoded.sequence]?.index = entry.index
            membershipWaiters[decoded.sequence]?.term = entry.term
        }
    }

    /// etcd's strict reconfiguration checks, judged by what this member's transport sees.
    private func reconfigurationRisk(of change: MembershipChange) -> MembershipError? {
        guard config.strictReconfigCheck else {
            return change.operation == .promote ? learnerReadiness(change.memberID) : nil
        }
        let transport = self.transport
        let since = ContinuousClock.now - config.healthInterval
        let check = ReconfigurationCheck(
            cluster: cluster, selfID: id,
            connected: { peer in transport.connectedSince(peer).map { $0 <= since } ?? false },
            reachable: { peer in transport.connectedSince(peer) != nil })
        switch change.operation {
        case .add: return check.mayAdd(learner: false)
        case .addLearner: return check.mayAdd(learner: true)
        case .remove: return check.mayRemove(change.memberID)
        case .promote: return learnerReadiness(change.memberID) ?? check.mayPromote()
        case .update: return nil
        }
    }

    /// Only the leader knows how far a learner has come; a follower asks it (`ClusterService`).
    private func learnerReadiness(_ learner: NodeID) -> MembershipError? {
        let status = node.status
        guard status.softState.role == .leader else { return .notLeader }
        guard let match = status.matchIndex[learner], let leaderMatch = status.matchIndex[id] else { return nil }
        return ReconfigurationCheck.learnerIsReady(learnerMatch: match, leaderMatch: leaderMatch) ? nil : .learnerNotReady
    }

    /// Applies a committed conf change: to the membership, and to Raft unless the membership
    /// refuses it (every member refuses the same ones: they judge the same log).
    func applyMembership(_ change: ConfChange) {
        let decoded: MembershipChange?
        do {
            decoded = try MembershipChange(change)
        } catch {
            fatalError("member \(hexID(id)): \(error)")
        }
        guard let membershipChange = decoded else {
            applyFounder(change)
            return
        }
        if let rejection = membershipChange.rejection(in: cluster) {
            answer(membershipChange, with: .failure(rejection))
            return
        }
        if membershipChange.changesVoting {
            do {
                confState = try node.applyConfChange(change)
            } catch {
                answer(membershipChange, with: .failure(error))
                return
            }
        }
        setCluster(membershipChange.applied(to: cluster))
        answer(membershipChange, with: .success(cluster.members))
        if membershipChange.operation == .remove && membershipChange.memberID == id { noticeRemoval() }
    }

    /// A founder's entry written before entries carried their member: bootstrap names it.
    private func applyFounder(_ change: ConfChange) {
        if let conf = try? node.applyConfChange(change) { confState = conf }
        guard change.kind == .addNode, cluster.member(change.nodeID) == nil else { return }
        let info = bootstrapCluster.member(change.nodeID)
            ?? MemberInfo(id: change.nodeID, name: "", peerURLs: [], clientURLs: [])
        setCluster(ClusterInfo(clusterID: cluster.clusterID, members: cluster.members + [info], removed: cluster.removed))
    }

    private func answer(_ change: MembershipChange, with result: Result<[MemberInfo], any Error>) {
        guard change.proposer == id, let pending = membershipWaiters.removeValue(forKey: change.sequence) else { return }
        pending.waiter.continuation.resume(with: result)
    }

    /// A sender with this cluster's id that the applied log does not name yet: a member added
    /// while this one was down, which may lead by the time it is back. It is reached at the
    /// URLs it gives, so this member can answer it and catch up from it.
    public nonisolated func learnSender(_ id: NodeID, peerURLs: [String]) {
        precondition(id != self.id, "a member does not send to itself")
        let view = membership.learn(MemberInfo(id: id, name: "", peerURLs: peerURLs, clientURLs: [], isLearner: false))
        transport.membershipChanged(view)
    }

    /// Whether the log, as far as applied, has this member as a learner.
    public nonisolated var isLearner: Bool {
        membership.current.member(id)?.isLearner == true
    }

    /// Replaces the membership and tells the peer side.
    func setCluster(_ updated: ClusterInfo) {
        cluster = updated
        let view = updated.including(bootstrap: bootstrapCluster)
        membership.set(view)
        transport.membershipChanged(view)
    }

    /// This member is no longer part of the cluster (it applied its own removal, or a peer
    /// refused it as removed): it stops, as etcd's removed members do.
    public func noticeRemoval() {
        guard !stopped else { return }
        removedFromCluster = true
        removalContinuation.yield()
        removalContinuation.finish()
        // Not inside the Ready loop that applied the removal: that loop still uses the log.
        Task { try? self.stop() }
    }
}
