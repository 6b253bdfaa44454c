import API
import Checksum
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Raft
import Synchronization

/// Raft messages to the other members over one long-lived gRPC stream per peer. Each peer has
/// its own bounded queue and sender task, so a slow or dead peer never holds up the others:
/// its messages are dropped and reported unreachable, and its sender reconnects with backoff.
public final class GRPCPeerTransport: PeerTransport {
    public struct Peer: Sendable {
        public var id: NodeID
        public var host: String
        public var port: Int

        public init(id: NodeID, host: String, port: Int) {
            self.id = id
            self.host = host
            self.port = port
        }
    }

    private let selfID: NodeID
    private let clusterID: UInt64
    private let peers: [NodeID: Peer]
    private let queues: [NodeID: PeerQueue]
    private let unreachableHandler = Mutex<(@Sendable (NodeID) -> Void)?>(nil)
    private let closed = Mutex(false)

    public init(selfID: NodeID, clusterID: UInt64, peers: [Peer]) {
        self.selfID = selfID
        self.clusterID = clusterID
        let others = peers.filter { $0.id != selfID }
        self.peers = Dictionary(uniqueKeysWithValues: others.map { ($0.id, $0) })
        self.queues = Dictionary(uniqueKeysWithValues: others.map { ($0.id, PeerQueue()) })
    }

    /// Who to tell when a peer cannot be reached (the member, so Raft stops streaming to it).
    public func onUnreachable(_ handler: @escaping @Sendable (NodeID) -> Void) {
        unreachableHandler.withLock { $0 = handler }
    }

    public func send(_ messages: [Message]) {
        for (to, batch) in Dictionary(grouping: messages, by: \.to) {
            guard let queue = queues[to], queue.enqueue(batch) else {
                reportUnreachable(to)
                continue
            }
        }
    }

    /// Streams the store file in chunks on a connection of its own, so a large snapshot never
    /// holds up the Raft stream. The last chunk carries a CRC-32C of the whole file.
    public func sendSnapshot(_ message: Message, databaseFile: String) async -> Bool {
        guard let peer = peers[message.to], let file = FileHandle(forReadingAtPath: databaseFile) else { return false }
        defer { try? file.close() }
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: databaseFile)[.size] as? UInt64) ?? 0
        let clusterID = self.clusterID
        do {
            let transport = try HTTP2ClientTransport.Posix(target: .dns(host: peer.host, port: peer.port),
                                                           transportSecurity: .plaintext)
            let ack = try await withGRPCClient(transport: transport) { client in
                var options = CallOptions.defaults
                options.waitForReady = false
                return try await Kvdpeer_RaftPeer.Client(wrapping: client).sendSnapshot(options: options) { writer in
                    var crc: UInt32 = 0
                    var first = true
                    while true {
                        let data = try file.read(upToCount: Self.snapshotChunkBytes) ?? Data()
                        var chunk = Kvdpeer_SnapshotChunk()
                        if first {
                            chunk.clusterID = clusterID
                            chunk.message = Kvdpeer_Message(message)
                            chunk.totalBytes = totalBytes
                            first = false
                        }
                        crc = CRC32C.update(crc, Array(data))
                        chunk.data = data
                        chunk.last = data.count < Self.snapshotChunkBytes
                        if chunk.last { chunk.crc32C = crc }
                        try await writer.write(chunk)
                        if chunk.last { return }
                    }
                }
            }
            return ack.refusal == .accepted && ack.receivedBytes == totalBytes
        } catch {
            return false
        }
    }

    static let snapshotChunkBytes = 1 << 20

    private func reportUnreachable(_ peer: NodeID) {
        unreachableHandler.withLock { $0 }?(peer)
    }

    /// Runs every peer's sender until the task is cancelled.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for (id, peer) in peers {
                let queue = queues[id]!
                group.addTask { await self.runSender(to: peer, queue: queue) }
            }
        }
    }

    /// Ends every sender: `run()` returns once they have stopped.
    public func close() {
        closed.withLock { $0 = true }
        for queue in queues.values { queue.close() }
    }

    private var isClosed: Bool { closed.withLock { $0 } }

    private func runSender(to peer: Peer, queue: PeerQueue) async {
        let backoffMax = Duration.seconds(1)
        var backoff = Duration.milliseconds(50)
        while !Task.isCancelled && !isClosed {
            do {
                try await stream(to: peer, queue: queue)
                if Task.isCancelled || isClosed { return }
            } catch {
                // What was queued for a broken stream is stale; Raft sends again.
                queue.discardPending()
                reportUnreachable(peer.id)
            }
            try? await Task.sleep(for: backoff)
            backoff = min(backoff * 2, backoffMax)
        }
    }

    private func stream(to peer: Peer, queue: PeerQueue) async throws {
        let transport = try HTTP2ClientTransport.Posix(target: .dns(host: peer.host, port: peer.port),
                                                       transportSecurity: .plaintext)
        try await withGRPCClient(transport: transport) { client in
            let raftPeer = Kvdpeer_RaftPeer.Client(wrapping: client)
            var options = CallOptions.defaults
            options.waitForReady = false
            let (clusterID, selfID) = (self.clusterID, self.selfID)
            try await raftPeer.stream(options: options) { writer in
                var sequence: UInt64 = 0
                while !Task.isCancelled {
                    let messages = await queue.next()
                    if messages.isEmpty { return }
                    sequence += 1
                    var batch = Kvdpeer_MessageBatch()
                    batch.clusterID = clusterID
                    batch.from = selfID
                    batch.to = peer.id
                    batch.sequence = sequence
                    batch.messages = messages.map(Kvdpeer_Message.init)
                    try await writer.write(batch)
                }
            } onResponse: { response in
                for try await ack in response.messages where ack.refusal != .accepted {
                    throw PeerRefused(peer: peer.id, refusal: ack.refusal)
                }
            }
        }
    }
}

struct PeerRefused: Error {
    var peer: NodeID
    var refusal: Kvdpeer_Refusal
}
