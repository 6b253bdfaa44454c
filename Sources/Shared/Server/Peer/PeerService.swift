import API
import BuildInfo
import GRPCCore
import Raft

/// The receiving side of the peer protocol: batches of Raft messages from other members of
/// this cluster go to the member; anything from another cluster or for another member is
/// refused, so a misconfigured node cannot disturb the cluster.
public struct PeerService: Kvdpeer_RaftPeer.SimpleServiceProtocol {
    let member: Member
    let cluster: ClusterInfo

    public init(member: Member, cluster: ClusterInfo) {
        self.member = member
        self.cluster = cluster
    }

    func refusal(clusterID: UInt64, from: NodeID, to: NodeID) -> Kvdpeer_Refusal {
        if clusterID != cluster.clusterID { return .clusterMismatch }
        if to != member.id { return .wrongRecipient }
        if cluster.member(from) == nil { return .unknownSender }
        return .accepted
    }

    public func stream(
        request: RPCAsyncSequence<Kvdpeer_MessageBatch, any Error>,
        response: RPCWriter<Kvdpeer_StreamAck>,
        context: ServerContext
    ) async throws {
        for try await batch in request {
            var ack = Kvdpeer_StreamAck()
            ack.sequence = batch.sequence
            ack.memberID = member.id
            ack.refusal = refusal(clusterID: batch.clusterID, from: batch.from, to: batch.to)
            if ack.refusal == .accepted {
                // A message must come from the batch's sender and be for us: the batch was
                // checked, each message is too.
                let messages = batch.messages.compactMap(Message.init).filter { $0.from == batch.from && $0.to == member.id }
                if !messages.isEmpty { await member.receive(messages) }
            }
            try await response.write(ack)
            if ack.refusal != .accepted { return }
        }
    }

    public func sendSnapshot(
        request: RPCAsyncSequence<Kvdpeer_SnapshotChunk, any Error>,
        context: ServerContext
    ) async throws -> Kvdpeer_SnapshotAck {
        throw RPCError(code: .unimplemented, message: "kvd: snapshot transfer between members is not implemented yet")
    }

    public func probe(request: Kvdpeer_ProbeRequest, context: ServerContext) async throws -> Kvdpeer_ProbeResponse {
        var answer = Kvdpeer_ProbeResponse()
        answer.refusal = refusal(clusterID: request.clusterID, from: request.from, to: request.to)
        answer.clusterID = cluster.clusterID
        answer.memberID = member.id
        answer.version = BuildInfo.version
        return answer
    }
}
