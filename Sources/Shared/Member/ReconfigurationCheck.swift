import Raft

/// etcd's `--strict-reconfig-check` rules (on by default): a membership change the member that
/// receives it can see would cost the cluster its quorum is refused before it is proposed.
/// `connected` tells whether a member has been reachable for a whole health interval; the
/// member itself always counts as connected.
struct ReconfigurationCheck {
    var cluster: ClusterInfo
    var selfID: NodeID
    var connected: (NodeID) -> Bool
    /// Whether a peer is reachable at all right now.
    var reachable: (NodeID) -> Bool

    private func isConnected(_ id: NodeID) -> Bool { id == selfID || connected(id) }

    private var connectedVoters: Int { cluster.voters.filter { isConnected($0.id) }.count }

    func mayAdd(learner: Bool) -> MembershipError? {
        if !learner && !Self.enoughStarted(started: cluster.voters.filter(\.isStarted).count,
                                           members: cluster.voters.count + 1) {
            return .notEnoughStarted
        }
        // Every voter must be reachable: a new member's catching up loads the whole cluster.
        return connectedVoters == cluster.voters.count ? nil : .unhealthy
    }

    func mayRemove(_ id: NodeID) -> MembershipError? {
        guard let member = cluster.member(id), !member.isLearner else { return nil }
        let others = cluster.voters.filter { $0.id != id }
        if others.filter(\.isStarted).count < others.count / 2 + 1 { return .notEnoughStarted }
        // A member that is down is not part of the quorum that serves now: removing it is safe.
        if id != selfID && !reachable(id) { return nil }
        let voters = cluster.voters.count
        return connectedVoters - 1 < 1 + (voters - 1) / 2 ? .unhealthy : nil
    }

    /// The learner becomes a voter: the started voters must make a quorum of the voters after.
    func mayPromote() -> MembershipError? {
        let started = cluster.voters.filter(\.isStarted).count
        return Self.enoughStarted(started: started, members: cluster.voters.count + 1) ? nil : .notEnoughStarted
    }

    /// A learner may become a voter once it holds at least 90% of the leader's log, as in etcd.
    static func learnerIsReady(learnerMatch: UInt64, leaderMatch: UInt64) -> Bool {
        Double(learnerMatch) >= Double(leaderMatch) * 0.9
    }

    /// Whether `started` of `members` voters make a quorum; one started member growing to two
    /// is allowed (restoring a cluster from one member's data).
    private static func enoughStarted(started: Int, members: Int) -> Bool {
        if started == 1 && members == 2 { return true }
        return started >= members / 2 + 1
    }
}
