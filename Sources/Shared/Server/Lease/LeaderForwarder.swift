import API
import GRPCCore
import GRPCNIOTransportHTTP2
import Raft
import TLS

/// Only the leader keeps lease deadlines, so a follower sends keep-alives and TTL questions
/// on to it, as etcd does, over the leader's advertised client URL.
struct LeaderForwarder: Sendable {
    let member: Member

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

    private func withLeader<Result: Sendable>(
        _ body: @Sendable (Etcdserverpb_Lease.Client<HTTP2ClientTransport.Posix>) async throws -> Result
    ) async throws -> Result {
        let lead = await member.status.softState.lead
        guard lead != noNode, lead != member.id,
              let url = await member.cluster.member(lead)?.clientURLs.first.flatMap({ try? PeerURL(parsing: $0) })
        else { throw EtcdError.noLeader }
        let transport = try HTTP2ClientTransport.Posix(target: .dns(host: url.host.description, port: url.port),
                                                       transportSecurity: .plaintext)
        return try await withGRPCClient(transport: transport) { client in
            try await body(Etcdserverpb_Lease.Client(wrapping: client))
        }
    }
}
