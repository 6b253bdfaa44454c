import Foundation
import Raft

/// One run-time membership change as it travels through the log: the context of a Raft conf
/// change entry, JSON-encoded. Every member checks it against the membership as the log left
/// it (`rejection(in:)`) and applies it the same way, so all members agree; the proposer and its
/// sequence number let the member that proposed it answer the waiting client.
public struct MembershipChange: Codable, Sendable, Equatable {
    public enum Operation: String, Codable, Sendable {
        case add
        case addLearner = "add_learner"
        case promote
        case remove
        /// New peer URLs; Raft's configuration is unchanged.
        case update
    }

    public var operation: Operation
    public var memberID: NodeID
    /// The member's peer URLs after the change (add, add_learner, update); empty otherwise.
    public var peerURLs: [String]
    /// Founders are named by `--initial-cluster`; members added later publish their name.
    public var name: String
    public var proposer: NodeID
    public var sequence: UInt64

    enum CodingKeys: String, CodingKey {
        case operation = "op"
        case memberID = "member_id"
        case peerURLs = "peer_urls"
        case name
        case proposer
        case sequence
    }

    public init(operation: Operation, memberID: NodeID, peerURLs: [String] = [], name: String = "",
                proposer: NodeID = noNode, sequence: UInt64 = 0) {
        self.operation = operation
        self.memberID = memberID
        self.peerURLs = peerURLs
        self.name = name
        self.proposer = proposer
        self.sequence = sequence
    }

    /// The Raft entry that carries it. An update rides an entry that Raft is never asked to apply.
    public var confChange: ConfChange {
        let kind: ConfChange.Kind = switch operation {
        case .add, .promote, .update: .addNode
        case .addLearner: .addLearner
        case .remove: .removeNode
        }
        // Sorted keys: founders write the same entries byte for byte.
        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        guard let context = try? encoder.encode(self) else { preconditionFailure("membership changes always encode") }
        return ConfChange(kind: kind, nodeID: memberID, context: Array(context))
    }

    /// Nil for a conf change without a context: the founders' entries of a new cluster.
    public init?(_ change: ConfChange) throws(MemberError) {
        guard !change.context.isEmpty else { return nil }
        do {
            self = try JSONDecoder().decode(Self.self, from: Data(change.context))
        } catch {
            throw MemberError.corruptLog("conf change for \(hexID(change.nodeID)) has an unreadable context: \(error)")
        }
        guard memberID == change.nodeID else {
            throw MemberError.corruptLog("conf change for \(hexID(change.nodeID)) carries a change of \(hexID(memberID))")
        }
    }

    /// Whether Raft's configuration changes with it.
    var changesVoting: Bool { operation != .update }

    /// etcd allows one learner at a time.
    static let learnersMax = 1

    /// Why `cluster` cannot take this change, as etcd validates a change when it applies it.
    public func rejection(in cluster: ClusterInfo) -> MembershipError? {
        if cluster.isRemoved(memberID) { return .idRemoved }
        let existing = cluster.member(memberID)
        switch operation {
        case .add, .addLearner:
            if existing != nil { return .idExists }
            if sharesPeerURLs(with: cluster) { return .peerURLExists }
            if operation == .addLearner && cluster.learners.count >= Self.learnersMax { return .tooManyLearners }
        case .promote:
            guard let existing else { return .notFound }
            if !existing.isLearner { return .notLearner }
        case .remove:
            if existing == nil { return .notFound }
        case .update:
            if existing == nil { return .notFound }
            if sharesPeerURLs(with: cluster) { return .peerURLExists }
        }
        return nil
    }

    private func sharesPeerURLs(with cluster: ClusterInfo) -> Bool {
        let urls = Set(peerURLs)
        return cluster.members.contains { $0.id != memberID && !urls.isDisjoint(with: $0.peerURLs) }
    }

    /// The membership after the change; call only when `rejection(in:)` is nil.
    public func applied(to cluster: ClusterInfo) -> ClusterInfo {
        precondition(rejection(in: cluster) == nil, "applying a membership change the cluster refuses")
        var members = cluster.members
        var removed = cluster.removed
        switch operation {
        case .add, .addLearner:
            members.append(MemberInfo(id: memberID, name: name, peerURLs: peerURLs, clientURLs: [],
                                      isLearner: operation == .addLearner))
        case .promote:
            if let index = members.firstIndex(where: { $0.id == memberID }) { members[index].isLearner = false }
        case .remove:
            members.removeAll { $0.id == memberID }
            removed.append(memberID)
        case .update:
            if let index = members.firstIndex(where: { $0.id == memberID }) { members[index].peerURLs = peerURLs }
        }
        return ClusterInfo(clusterID: cluster.clusterID, members: members, removed: removed)
    }
}

/// Why a membership change was refused; the descriptions are etcd's messages.
public enum MembershipError: Error, Equatable, Sendable, CustomStringConvertible {
    case notFound
    /// etcd answers this one to clients as "member not found" too.
    case idRemoved
    case idExists
    case peerURLExists
    case notLearner
    case learnerNotReady
    case tooManyLearners
    case notEnoughStarted
    case unhealthy
    case badURLs
    /// Only the leader can judge a promotion; the request goes to it.
    case notLeader

    public var description: String {
        switch self {
        case .notFound: "etcdserver: member not found"
        case .idRemoved: "etcdserver: ID removed"
        case .idExists: "etcdserver: member ID already exist"
        case .peerURLExists: "etcdserver: Peer URLs already exists"
        case .notLearner: "etcdserver: can only promote a learner member"
        case .learnerNotReady: "etcdserver: can only promote a learner member which is in sync with leader"
        case .tooManyLearners: "etcdserver: too many learner members in cluster"
        case .notEnoughStarted: "etcdserver: re-configuration failed due to not enough started members"
        case .unhealthy: "etcdserver: unhealthy cluster"
        case .badURLs: "etcdserver: given member URLs are invalid"
        case .notLeader: "etcdserver: not leader"
        }
    }
}
