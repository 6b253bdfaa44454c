import API
import Foundation
import GRPCCore
import MVCC
@testable import Member
import Raft
@testable import Server

/// Runs `body` with the services' context on a fresh cluster's leader.
func withServiceContext(
    _ voters: [NodeID] = [1], limits: RequestLimits = RequestLimits(),
    _ body: (Cluster, ServiceContext) async throws -> Void
) async throws {
    try await withCluster(voters) { cluster in
        let leader = try await cluster.leader()
        try await body(cluster, serviceContext(for: leader, limits: limits))
    }
}

func serviceContext(for member: Member, limits: RequestLimits = RequestLimits()) -> ServiceContext {
    ServiceContext(member: member, limits: limits)
}

/// A server context for calling a service's gRPC entry points directly.
func serverContext(_ method: String) -> ServerContext {
    ServerContext(
        descriptor: MethodDescriptor(fullyQualifiedService: "etcdserverpb.Test", method: method),
        remotePeer: "test", localPeer: "test", cancellation: ServerContext.RPCCancellationHandle())
}

func data(_ text: String) -> Data { Data(text.utf8) }
