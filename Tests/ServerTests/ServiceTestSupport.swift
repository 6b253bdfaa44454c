import API
import Foundation
import GRPCCore
import MVCC
import Raft
@testable import Server

/// Runs `body` with the services' context on a fresh cluster's leader.
func withServiceContext(
    _ voters: [NodeID] = [1], limits: RequestLimits = RequestLimits(),
    _ body: (Cluster, ServiceContext) async throws -> Void
) async throws {
    try await withCluster(voters) { cluster in
        let leader = try await cluster.leader()
        try await body(cluster, serviceContext(for: leader, in: cluster, limits: limits))
    }
}

func serviceContext(for member: Member, in cluster: Cluster, limits: RequestLimits = RequestLimits()) -> ServiceContext {
    let members = cluster.voters.map { id in
        MemberInfo(id: id, name: "m\(id)", peerURLs: ["http://127.0.0.1:\(2380 + id)"],
                   clientURLs: ["http://127.0.0.1:\(2379 + 10 * id)"])
    }
    return ServiceContext(member: member, cluster: ClusterInfo(clusterID: member.clusterID, members: members), limits: limits)
}

/// A server context for calling a service's gRPC entry points directly.
func serverContext(_ method: String) -> ServerContext {
    ServerContext(
        descriptor: MethodDescriptor(fullyQualifiedService: "etcdserverpb.Test", method: method),
        remotePeer: "test", localPeer: "test", cancellation: ServerContext.RPCCancellationHandle())
}

func data(_ text: String) -> Data { Data(text.utf8) }
