import Raft
import Synchronization

/// The membership as the peer side needs it, readable without waiting on the member: which
/// senders to accept, which to tell they were removed. The member updates it as it applies.
public final class MembershipView: Sendable {
    private let state: Mutex<ClusterInfo>

    init(_ cluster: ClusterInfo) {
        state = Mutex(cluster)
    }

    public var current: ClusterInfo { state.withLock { $0 } }

    func set(_ cluster: ClusterInfo) {
        state.withLock { $0 = cluster }
    }

    /// Adds a sender the view does not know and the cluster has not removed; the view as it
    /// now is. The member's next applied change replaces the view, and by then its log names
    /// the sender (or the sender says so again with its next message).
    func learn(_ sender: MemberInfo) -> ClusterInfo {
        state.withLock { cluster in
            if cluster.member(sender.id) == nil && !cluster.isRemoved(sender.id) {
                cluster = ClusterInfo(clusterID: cluster.clusterID, members: cluster.members + [sender], removed: cluster.removed)
            }
            return cluster
        }
    }
}

extension ClusterInfo {
    /// The log's membership, plus the members bootstrap knew of that the log has not shown yet
    /// (a member that just joined knows the others before it has replayed their entries).
    func including(bootstrap: ClusterInfo) -> ClusterInfo {
        let pending = bootstrap.members.filter { member($0.id) == nil && !isRemoved($0.id) }
        return ClusterInfo(clusterID: clusterID, members: members + pending, removed: removed)
    }
}
