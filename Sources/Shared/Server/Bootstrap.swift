import Foundation
import Raft
import TLS

/// Who this member is and which cluster it belongs to: taken from its data directory when it
/// has one (the `--initial-*` flags are then ignored, as in etcd), otherwise derived from the
/// flags, which must then agree with each other.
struct Bootstrap {
    var memberID: NodeID
    var cluster: ClusterInfo
    var isNew: Bool

    static func resolve(_ configuration: NodeConfiguration, layout: DurableLog.Layout) throws -> Bootstrap {
        if let metadata = try DurableLog.metadata(layout: layout) {
            guard let cluster = try? JSONDecoder().decode(ClusterInfo.self, from: Data(metadata.extra)),
                  cluster.clusterID == metadata.clusterID, cluster.member(metadata.memberID) != nil else {
                throw BootstrapError.invalid("data directory \(configuration.dataDirectory) does not describe its cluster; it was not written by kvd")
            }
            return Bootstrap(memberID: metadata.memberID, cluster: cluster, isNew: false)
        }
        if configuration.initialClusterState == .existing {
            throw BootstrapError.invalid("--initial-cluster-state=existing: joining an existing cluster is not supported yet; start every founder with --initial-cluster-state=new")
        }
        return try fromFlags(configuration)
    }

    private static func fromFlags(_ configuration: NodeConfiguration) throws(BootstrapError) -> Bootstrap {
        let token = configuration.initialClusterToken
        guard let own = configuration.initialCluster.members.first(where: { $0.name == configuration.name }) else {
            throw .invalid("couldn't find local name \"\(configuration.name)\" in the initial cluster configuration")
        }
        let advertised = Set(configuration.initialAdvertisePeerURLs.map(\.description))
        guard Set(own.peerURLs.map(\.description)) == advertised else {
            throw .invalid("--initial-cluster has \(own.name)=\(own.peerURLs.map(\.description).joined(separator: ",")) but missing from --initial-advertise-peer-urls=\(configuration.initialAdvertisePeerURLs.map(\.description).joined(separator: ","))")
        }
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
        return Bootstrap(memberID: memberID, cluster: cluster, isNew: true)
    }
}
