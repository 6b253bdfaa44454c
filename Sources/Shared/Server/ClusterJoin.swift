import API
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Member
import Raft
import TLS

/// A new member joining a running cluster (`--initial-cluster-state existing`), after an
/// operator added it with MemberAdd: it asks the other members named in `--initial-cluster`
/// for the membership over their peer URLs, finds its own id by its peer URLs, and checks that
/// `--initial-cluster` names the running cluster's members, as etcd does.
struct ClusterJoin {
    let configuration: NodeConfiguration
    let ownPeerURLs: [String]
    let dialer: Dialer
    /// Rounds over all the peers, a second apart: a member that started with the operator's
    /// MemberAdd may find the others still applying it.
    var roundsMax = 10

    func run() async throws -> Bootstrap {
        let own = Set(ownPeerURLs)
        let peers = configuration.initialCluster.members.flatMap(\.peerURLs).filter { !own.contains($0.description) }
        guard !peers.isEmpty else {
            throw BootstrapError.invalid("--initial-cluster-state=existing: --initial-cluster names no other member to join")
        }
        var lastProblem = ""
        for round in 0..<roundsMax {
            if round > 0 { try await Task.sleep(for: .seconds(1)) }
            for url in peers {
                let cluster: ClusterInfo
                do {
                    cluster = try await members(at: url)
                } catch {
                    lastProblem = "cannot fetch the cluster's members from \(url): \(error)"
                    continue
                }
                guard let me = cluster.members.first(where: { Set($0.peerURLs) == own }) else {
                    lastProblem = "the cluster has no member with peer URLs \(ownPeerURLs.joined(separator: ",")) (add it first with MemberAdd)"
                    continue
                }
                do {
                    try check(cluster)
                } catch {
                    // A peer still applying the latest change disagrees for a moment: ask on.
                    lastProblem = error.description
                    continue
                }
                return Bootstrap(memberID: me.id, cluster: cluster, foundsCluster: false)
            }
        }
        throw BootstrapError.invalid("cannot join the running cluster: \(lastProblem)")
    }

    /// `--initial-cluster` must list the running cluster's members, no more and no fewer.
    private func check(_ cluster: ClusterInfo) throws(BootstrapError) {
        let flagged = Set(configuration.initialCluster.members.map { Set($0.peerURLs.map(\.description)) })
        let running = Set(cluster.members.map { Set($0.peerURLs) })
        guard flagged == running else {
            let describe = { (sets: Set<Set<String>>) in sets.map { $0.sorted().joined(separator: ",") }.sorted().joined(separator: " ") }
            throw .invalid("error validating peerURLs: --initial-cluster has \(describe(flagged)) but the running cluster has \(describe(running))")
        }
    }

    private func members(at url: PeerURL) async throws -> ClusterInfo {
        let transport = try dialer.transport(url)
        let answer = try await withGRPCClient(transport: transport) { client in
            var options = CallOptions.defaults
            options.waitForReady = false
            options.timeout = .seconds(5)
            return try await Kvdpeer_RaftPeer.Client(wrapping: client).members(Kvdpeer_MembersRequest(), options: options)
        }
        return ClusterInfo(clusterID: answer.clusterID, members: answer.members.map { member in
            MemberInfo(id: member.id, name: member.name, peerURLs: member.peerUrls, clientURLs: member.clientUrls,
                       isLearner: member.isLearner)
        })
    }
}
