import API
import GRPCCore
import GRPCNIOTransportHTTP2
import Member
import Raft
import TLS

/// Only the leader keeps lease deadlines, so a follower sends keep-alives and TTL questions
/// on to it, as etcd does, over the leader's advertised client URL; likewise a promotion,
/// which only the leader can judge (it alone knows how far the learner has come).
struct LeaderForwarder: Sendable {
    let member: Member
    let connection: LeaderConnection

    /// Whether this member must forward, i.e. it is not the leader.
    func mustForward() async -> Bool {
        await member.status.softState.role != .leader
    }

    func timeToLive(_ request: Etcdserverpb_LeaseTimeToLiveRequest) async throws -> Etcdserverpb_LeaseTimeToLiveResponse {
        try await withLeader { lease in try await lease.leaseTimeToLive(request) }
    }

    func keepAlive(_ request: Etcdserverpb_LeaseKeepAliveRequest) async throws -> Etcdserverpb_LeaseKeepAliveResponse {
        try await withLeader { lease in
            try await lease.leaseKeepAlive { writer in
                try await writer.write(request)
            } onResponse: { response in
                for try await answer in response.messages { return answer }
                throw EtcdError.leaderChanged
            }
        }
    }

    func promote(_ request: Etcdserverpb_MemberPromoteRequest) async throws -> Etcdserverpb_MemberPromoteResponse {
        try await withLeaderClient { client in try await Etcdserverpb_Cluster.Client(wrapping: client).memberPromote(request) }
    }

    private func withLeader<Result: Sendable>(
        _ body: @Sendable (Etcdserverpb_Lease.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        try await withLeaderClient { client in try await body(Etcdserverpb_Lease.Client(wrapping: client)) }
    }

    private func withLeaderClient<Result: Sendable>(
        _ body: @Sendable (GRPCClient<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let lead = await member.status.softState.lead
        guard lead != noNode, lead != member.id,
              let url = await member.cluster.member(lead)?.clientURLs.first.flatMap({ try? PeerURL(parsing: $0) })
        else { throw EtcdError.noLeader }
        do {
            return try await body(try connection.client(for: url))
        } catch let error as RPCError {
            // The leader's answer, without the metadata of the leader's own response: passed
            // on as it came, its trailers would end the client's stream instead.
            throw RPCError(code: error.code, message: error.message)
        }
    }
}
