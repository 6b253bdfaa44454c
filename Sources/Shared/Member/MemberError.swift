/// Why a member could not serve a request. The descriptions are etcd's messages where etcd
/// has one, because clients match on them.
public enum MemberError: Error, Equatable, Sendable, CustomStringConvertible {
    case noLeader
    case timeout
    /// A write that timed out after its leader went away: it may still have been committed.
    case timeoutDueToLeaderFail
    case leaderChanged
    case stopped
    case corruptLog(String)

    public var description: String {
        switch self {
        case .noLeader: "etcdserver: no leader"
        case .timeout: "etcdserver: request timed out"
        case .timeoutDueToLeaderFail: "etcdserver: request timed out, possibly due to previous leader failure"
        case .leaderChanged: "etcdserver: leader changed"
        case .stopped: "etcdserver: server stopped"
        case .corruptLog(let detail): "corrupt log: \(detail)"
        }
    }
}
