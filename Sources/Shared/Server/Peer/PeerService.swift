import API
import BuildInfo
import Checksum
import Failpoints
import Foundation
import GRPCCore
import Member
import Raft
import TLS

/// The receiving side of the peer protocol: batches of Raft messages from other members of
/// this cluster go to the member; anything from another cluster or for another member is
/// refused, so a misconfigured node cannot disturb the cluster, and a removed member is told so.
public struct PeerService: Kvdpeer_RaftPeer.SimpleServiceProtocol {
    let member: Member

    public init(member: Member) {
        self.member = member
    }

    /// A sender this member does not know yet is accepted when it says where it listens: the
    /// cluster added it while this member was down (etcd's peers learn one another the same
    /// way, from the sender's peer URLs).
    func refusal(clusterID: UInt64, from: NodeID, to: NodeID, fromPeerURLs: [String]) -> Kvdpeer_Refusal {
        let cluster = member.membership.current
        if clusterID != cluster.clusterID { return .clusterMismatch }
        if to != member.id || from == member.id { return .wrongRecipient }
        if cluster.isRemoved(from) { return .senderRemoved }
        if cluster.member(from) == nil {
            guard !fromPeerURLs.isEmpty, fromPeerURLs.allSatisfy({ (try? PeerURL(parsing: $0)) != nil }) else {
                return .unknownSender
            }
            member.learnSender(from, peerURLs: fromPeerURLs)
        }
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
            ack.refusal = refusal(clusterID: batch.clusterID, from: batch.from, to: batch.to, fromPeerURLs: batch.fromPeerUrls)
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

    /// Receives the leader's store into a file beside the member's own, checks its size and
    /// CRC, and hands it to the member, which takes it only if Raft takes the snapshot.
    public func sendSnapshot(
        request: RPCAsyncSequence<Kvdpeer_SnapshotChunk, any Error>,
        context: ServerContext
    ) async throws -> Kvdpeer_SnapshotAck {
        var ack = Kvdpeer_SnapshotAck()
        ack.memberID = member.id
        let path = "\(member.snapshotDirectory)/incoming-\(UUID().uuidString).db"
        guard FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o600]),
              let file = FileHandle(forWritingAtPath: path) else {
            throw RPCError(code: .internalError, message: "kvd: cannot create \(path)")
        }
        var keep = false
        defer {
            try? file.close()
            if !keep { removeFile(path) }
        }
        var message: Message?
        var expectedBytes: UInt64 = 0
        var crc: UInt32 = 0
        for try await chunk in request {
            if message == nil {
                ack.refusal = refusal(clusterID: chunk.clusterID, from: chunk.message.from, to: chunk.message.to,
                                      fromPeerURLs: chunk.fromPeerUrls)
                guard ack.refusal == .accepted, let decoded = Message(chunk.message), decoded.kind == .snapshot,
                      decoded.snapshot != nil else {
                    if ack.refusal == .accepted { ack.refusal = .wrongRecipient }
                    return ack
                }
                message = decoded
                expectedBytes = chunk.totalBytes
            }
            try file.write(contentsOf: chunk.data)
            if ack.receivedBytes == 0 { Failpoint.snapshotReceiveMid.hit() }
            ack.receivedBytes += UInt64(chunk.data.count)
            crc = CRC32C.update(crc, Array(chunk.data))
            guard ack.receivedBytes <= expectedBytes else {
                throw RPCError(code: .dataLoss, message: "kvd: snapshot larger than announced")
            }
            if chunk.last {
                guard ack.receivedBytes == expectedBytes, chunk.crc32C == crc, let message else {
                    throw RPCError(code: .dataLoss, message: "kvd: snapshot damaged in transfer")
                }
                try file.synchronize()
                keep = true
                await member.receiveSnapshot(message, databaseFile: path)
                return ack
            }
        }
        throw RPCError(code: .dataLoss, message: "kvd: snapshot stream ended early")
    }

    public func probe(request: Kvdpeer_ProbeRequest, context: ServerContext) async throws -> Kvdpeer_ProbeResponse {
        var answer = Kvdpeer_ProbeResponse()
        answer.refusal = refusal(clusterID: request.clusterID, from: request.from, to: request.to,
                                 fromPeerURLs: request.fromPeerUrls)
        answer.clusterID = member.clusterID
        answer.memberID = member.id
        answer.version = BuildInfo.version
        return answer
    }

    /// The membership for a member that joins (it finds its own id by its peer URLs).
    public func members(request _: Kvdpeer_MembersRequest, context _: ServerContext) async throws -> Kvdpeer_MembersResponse {
        let cluster = member.membership.current
        var answer = Kvdpeer_MembersResponse()
        answer.clusterID = cluster.clusterID
        answer.memberID = member.id
        answer.members = cluster.members.map { info in
            var wire = Kvdpeer_PeerMember()
            wire.id = info.id
            wire.name = info.name
            wire.peerUrls = info.peerURLs
            wire.clientUrls = info.clientURLs
            wire.isLearner = info.isLearner
            return wire
        }
        return answer
    }
}
