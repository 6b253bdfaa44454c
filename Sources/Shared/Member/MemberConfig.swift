import LogEntries
import Raft

public struct MemberConfig: Sendable {
    public var id: NodeID
    public var clusterID: UInt64
    /// The founders, used only when the data directory is new; none for a member that joins a
    /// running cluster.
    public var initialVoters: [NodeID]
    public var dataDirectory: String
    /// Where the WAL lives; `<data-dir>/member/wal` when nil (etcd's `--wal-dir`).
    public var walDirectory: String?
    public var electionTicks = 10
    public var heartbeatTicks = 1
    /// Applied entries between two snapshots of the log (etcd's `--snapshot-count`).
    public var snapshotCount: UInt64 = 100_000
    /// Entries kept behind a snapshot so a slightly lagging follower needs no snapshot.
    public var snapshotCatchUpEntries: UInt64 = 5_000
    /// Ticks a client request may wait for its entry to apply before it times out (etcd's
    /// 5 s plus two election timeouts at the default timing).
    public var requestTimeoutTicks: UInt64 = 70
    /// Kept in the WAL's metadata beside the ids (the cluster's names and URLs), so a
    /// restarting member needs none of the `--initial-*` flags.
    public var walMetadataExtra: [UInt8] = []
    /// The cluster as bootstrap described it (for a member that joined later: as a peer told
    /// it); the log's membership replaces it as the member applies.
    public var cluster: ClusterInfo?
    /// What this member publishes about itself once the cluster has a leader.
    public var attributes: MemberAttributes?
    /// How long peers must have been reachable for a membership change to count on them
    /// (etcd's health interval).
    public var healthInterval = Duration.seconds(5)
    /// etcd's `--strict-reconfig-check`; off, only a promotion's learner readiness is judged.
    public var strictReconfigCheck = true
    /// The most the store file may grow to (LMDB's map): past it, applying fails on every
    /// member alike, so it must stay above anything the backend quota admits.
    public var storeMapSizeBytes = BackendQuota.storeMapSizeBytes(quota: BackendQuota.defaultBytes)

    public init(id: NodeID, clusterID: UInt64, initialVoters: [NodeID], dataDirectory: String) {
        self.id = id
        self.clusterID = clusterID
        self.initialVoters = initialVoters
        self.dataDirectory = dataDirectory
    }

    public var layout: DurableLog.Layout {
        DurableLog.Layout(walDirectory: walDirectory ?? "\(dataDirectory)/member/wal",
                          snapshotDirectory: "\(dataDirectory)/member/snap")
    }

    var storePath: String { "\(dataDirectory)/member/snap/db" }

    /// The founders' log entries: each founder's conf change with its name and peer URLs.
    var foundingChanges: [ConfChange] {
        initialVoters.map { voter in
            let info = cluster?.member(voter)
            return MembershipChange(operation: .add, memberID: voter, peerURLs: info?.peerURLs ?? [],
                                    name: info?.name ?? "").confChange
        }
    }
}
