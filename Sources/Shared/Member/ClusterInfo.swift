import Raft

/// What the cluster's members are called and where they listen, as `MemberList` reports it.
public struct MemberInfo: Sendable, Equatable, Codable {
    public var id: NodeID
    /// Empty until the member has started and published its name (etcd's "unstarted").
    public var name: String
    public var peerURLs: [String]
    public var clientURLs: [String]
    public var isLearner: Bool

    public init(id: NodeID, name: String, peerURLs: [String], clientURLs: [String], isLearner: Bool = false) {
        self.id = id
        self.name = name
        self.peerURLs = peerURLs
        self.clientURLs = clientURLs
        self.isLearner = isLearner
    }

    public var isStarted: Bool { !name.isEmpty }
}

public struct ClusterInfo: Sendable, Equatable, Codable {
    public var clusterID: UInt64
    /// Sorted by id, as etcd lists its members.
    public var members: [MemberInfo]
    /// Ids removed from the cluster: never reused, and a removed member that comes back is told so.
    public var removed: [NodeID]

    public init(clusterID: UInt64, members: [MemberInfo], removed: [NodeID] = []) {
        self.clusterID = clusterID
        self.members = members.sorted { $0.id < $1.id }
        self.removed = removed.sorted()
    }

    /// Descriptions written before members could be removed have no `removed`.
    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        self.init(clusterID: try container.decode(UInt64.self, forKey: .clusterID),
                  members: try container.decode([MemberInfo].self, forKey: .members),
                  removed: try container.decodeIfPresent([NodeID].self, forKey: .removed) ?? [])
    }

    public func member(_ id: NodeID) -> MemberInfo? { members.first { $0.id == id } }

    public func isRemoved(_ id: NodeID) -> Bool { removed.contains(id) }

    public var voters: [MemberInfo] { members.filter { !$0.isLearner } }

    public var learners: [MemberInfo] { members.filter(\.isLearner) }
}

/// etcd's request limits (`--max-request-bytes`, `--max-txn-ops`).
public struct RequestLimits: Sendable, Equatable {
    public var maxRequestBytes: Int = 1_572_864
    public var maxTxnOps: Int = 128

    public init() {}

    /// etcd's gRPC limit on a client message: the request limit plus 512 KiB of overhead.
    /// Past it etcd's transport refuses the message (ResourceExhausted); below it, a request
    /// over `maxRequestBytes` gets "etcdserver: request is too large".
    public var grpcMaxMessageBytes: Int { maxRequestBytes + 512 * 1024 }
}
