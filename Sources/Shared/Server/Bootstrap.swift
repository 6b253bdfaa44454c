import Foundation
import Member
import Raft
import TLS

/// Who this member is and which cluster it belongs to: taken from its data directory when it
/// has one (the `--initial-*` flags are then ignored, as in etcd), otherwise derived from the
/// flags, which must then agree with each other; a member joining a running cluster
/// (`--initial-cluster-state existing`) asks the other members for the ids instead.
struct Bootstrap {
    var memberID: NodeID
    var cluster: ClusterInfo
    /// A founder of a new cluster (its log starts with the founders); false when restarting
    /// from a data directory or joining a running cluster.
    var foundsCluster: Bool

    static func resolve(_ configuration: NodeConfiguration, layout: DurableLog.Layout, dialer: Dialer) async throws -> Bootstrap {
        if let metadata = try DurableLog.metadata(layout: layout) {
            guard let origin = DataDirectoryOrigin(decoding: metadata.extra),
                  origin.cluster.clusterID == metadata.clusterID, origin.cluster.member(metadata.memberID) != nil else {
                throw BootstrapError.invalid("data directory \(configuration.dataDirectory) does not describe its cluster; it was not written by kvd")
            }
            if let token = origin.initialClusterToken, token != configuration.initialClusterToken {
                throw BootstrapError.invalid(
                    "data directory \(configuration.dataDirectory) belongs to member \(hexID(metadata.memberID)) of cluster \(hexID(metadata.clusterID)), bootstrapped with --initial-cluster-token \"\(token)\", not \"\(configuration.initialClusterToken)\": it is another cluster's data directory")
            }
            return Bootstrap(memberID: metadata.memberID, cluster: origin.cluster, foundsCluster: false)
        }
        let own = try ownEntry(configuration)
        if configuration.initialClusterState == .existing {
            return try await ClusterJoin(configuration: configuration, ownPeerURLs: own.peerURLs.map(\.description),
                                         dialer: dialer).run()
        }
        return try fromFlags(configuration, own: own)
    }

    /// This member in `--initial-cluster`, which must list it at its advertised peer URLs.
    private static func ownEntry(_ configuration: NodeConfiguration) throws(BootstrapError) -> InitialCluster.Member {
        guard let own = configuration.initialCluster.members.first(where: { $0.name == configuration.name }) else {
            throw .invalid("couldn't find local name \"\(configuration.name)\" in the initial cluster configuration")
        }
        let advertised = Set(configuration.initialAdvertisePeerURLs.map(\.description))
        guard Set(own.peerURLs.map(\.description)) == advertised else {
            throw .invalid("--initial-cluster has \(own.name)=\(own.peerURLs.map(\.description).joined(separator: ",")) but missing from --initial-advertise-peer-urls=\(configuration.initialAdvertisePeerURLs.map(\.description).joined(separator: ","))")
        }
        return own
    }

    private static func fromFlags(_ configuration: NodeConfiguration, own: InitialCluster.Member) throws(BootstrapError) -> Bootstrap {
        let token = configuration.initialClusterToken
        var members: [MemberInfo] = []
        for member in configuration.initialCluster.members {
            let urls = member.peerURLs.map(\.description)
            let id = Identity.memberID(peerURLs: urls, token: token)
            if members.contains(where: { $0.id == id }) {
                throw .invalid("member \(member.name) has the same peer URLs as another member")
            }
            // Client URLs arrive through the log, when each member publishes its own.
            members.append(MemberInfo(id: id, name: member.name, peerURLs: urls, clientURLs: []))
        }
        let memberID = Identity.memberID(peerURLs: own.peerURLs.map(\.description), token: token)
        let cluster = ClusterInfo(clusterID: Identity.clusterID(memberIDs: members.map(\.id)), members: members)
        return Bootstrap(memberID: memberID, cluster: cluster, foundsCluster: true)
    }
}

/// What a member's WAL records about its bootstrap, so that a restart can tell its own data
/// directory from another cluster's: the cluster as bootstrap saw it, and the token.
struct DataDirectoryOrigin: Codable, Equatable {
    var cluster: ClusterInfo
    /// Absent in data directories written before kvd recorded it; those are not checked.
    var initialClusterToken: String?

    init(cluster: ClusterInfo, initialClusterToken: String) {
        self.cluster = cluster
        self.initialClusterToken = initialClusterToken
    }

    /// The WAL metadata's `extra` bytes: this record, or the bare cluster earlier kvd wrote.
    init?(decoding extra: [UInt8]) {
        let data = Data(extra)
        if let origin = try? JSONDecoder().decode(Self.self, from: data) {
            self = origin
        } else if let cluster = try? JSONDecoder().decode(ClusterInfo.self, from: data) {
            self.cluster = cluster
            self.initialClusterToken = nil
        } else {
            return nil
        }
    }

    func encoded() throws -> [UInt8] {
        Array(try JSONEncoder().encode(self))
    }
}
