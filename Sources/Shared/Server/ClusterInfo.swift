import Raft

/// What the cluster's members are called and where they listen, as `MemberList` reports it.
public struct MemberInfo: Sendable, Equatable, Codable {
    public var id: NodeID
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
}

public struct ClusterInfo: Sendable, Equatable, Codable {
    public var clusterID: UInt64
    public var members: [MemberInfo]

    public init(clusterID: UInt64, members: [MemberInfo]) {
        self.clusterID = clusterID
        self.members = members
    }

    public func member(_ id: NodeID) -> MemberInfo? { members.first { $0.id == id } }
}

/// etcd's request limits (`--max-request-bytes`, `--max-txn-ops`).
public struct RequestLimits: Sendable, Equatable {
    public var maxRequestBytes: Int = 1_572_864
    public var maxTxnOps: Int = 128

    public init() {}
}
