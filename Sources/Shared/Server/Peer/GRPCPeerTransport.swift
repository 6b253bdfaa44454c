import API
import Checksum
import Failpoints
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import Logging
import Member
import Raft
import Synchronization
import TLS

/// Raft messages to the other members over one long-lived gRPC stream per peer. Each peer has
/// its own bounded queue and sender task, so a slow or dead peer never holds up the others:
/// its messages are dropped and reported unreachable, and its sender reconnects with backoff.
/// Each peer is also probed every `probeInterval`: the round trip is recorded, and the answers
/// tell since when the peer has been reachable (membership changes are judged by it) and
/// whether the cluster removed this member. Peers come and go with the membership.
public final class GRPCPeerTransport: PeerTransport {
    public struct Peer: Sendable {
        public var id: NodeID
        public var url: PeerURL

        public init(id: NodeID, url: PeerURL) {
            self.id = id
            self.url = url
        }
    }

    private let selfID: NodeID
    private let clusterID: UInt64
    /// Sent along, so a member that has not yet applied this one's addition can answer it.
    private let selfPeerURLs: [String]
    private let dialer: Dialer
    private let links = PeerLinks()
    private let unreachableHandler = Mutex<(@Sendable (NodeID) -> Void)?>(nil)
    private let removedHandler = Mutex<(@Sendable () -> Void)?>(nil)
    private let roundTripHandler = Mutex<(@Sendable (NodeID, Duration) -> Void)?>(nil)
    private let closed = Mutex(false)

    public init(selfID: NodeID, clusterID: UInt64, selfPeerURLs: [String], peers: [Peer], dialer: Dialer) {
        self.selfID = selfID
        self.clusterID = clusterID
        self.selfPeerURLs = selfPeerURLs
        self.dialer = dialer
        links.update(peers.filter { $0.id != selfID })
    }

    /// Who to tell when a peer cannot be reached (the member, so Raft stops streaming to it).
    public func onUnreachable(_ handler: @escaping @Sendable (NodeID) -> Void) {
        unreachableHandler.withLock { $0 = handler }
    }

    /// Who to tell when a peer refuses this member as removed from the cluster.
    public func onRemoved(_ handler: @escaping @Sendable () -> Void) {
        removedHandler.withLock { $0 = handler }
    }

    /// Who records each probe's round trip (`etcd_network_peer_round_trip_time_seconds`).
    public func onRoundTrip(_ handler: @escaping @Sendable (NodeID, Duration) -> Void) {
        roundTripHandler.withLock { $0 = handler }
    }

    public func membershipChanged(_ cluster: ClusterInfo) {
        links.update(cluster.members.compactMap { member in
            guard member.id != selfID, let url = member.peerURLs.first.flatMap({ try? PeerURL(parsing: $0) }) else {
                return nil
            }
            return Peer(id: member.id, url: url)
        })
    }

    public func connectedSince(_ peer: NodeID) -> ContinuousClock.Instant? {
        links.connectedSince(peer)
    }

    public func send(_ messages: [Message]) {
        for (to, batch) in Dictionary(grouping: messages, by: \.to) {
            guard let queue = links.link(to)?.queue, queue.enqueue(batch) else {
                reportUnreachable(to)
                continue
            }
        }
    }

    /// Streams the store file in chunks on a connection of its own, so a large snapshot never
    /// holds up the Raft stream. The last chunk carries a CRC-32C of the whole file.
    public func sendSnapshot(_ message: Message, databaseFile: String) async -> Bool {
        guard let peer = links.link(message.to)?.peer, let file = FileHandle(forReadingAtPath: databaseFile) else { return false }
        defer { try? file.close() }
        let totalBytes = (try? FileManager.default.attributesOfItem(atPath: databaseFile)[.size] as? UInt64) ?? 0
        let (clusterID, selfPeerURLs) = (self.clusterID, self.selfPeerURLs)
        do {
            let transport = try dialer.transport(peer.url)
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
                            chunk.fromPeerUrls = selfPeerURLs
                            chunk.message = Kvdpeer_Message(message)
                            chunk.totalBytes = totalBytes
                        }
                        crc = CRC32C.update(crc, Array(data))
                        chunk.data = data
                        chunk.last = data.count < Self.snapshotChunkBytes
                        if chunk.last { chunk.crc32C = crc }
                        try await writer.write(chunk)
                        if first { Failpoint.snapshotSendMid.hit() }
                        first = false
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

    private func reportRemoved() {
        removedHandler.withLock { $0 }?()
    }

    /// Runs every peer's sender and prober, those of peers added later too, until `close()`.
    public func run() async {
        await withDiscardingTaskGroup { group in
            for await link in links.started {
                group.addTask { await self.runSender(to: link.peer, queue: link.queue, link: link) }
                group.addTask { await self.runProber(link) }
            }
        }
    }

    /// Ends every sender and prober: `run()` returns once they have stopped.
    public func close() {
        closed.withLock { $0 = true }
        links.close()
    }

    private var isClosed: Bool { closed.withLock { $0 } }

    private func runSender(to peer: Peer, queue: PeerQueue, link: PeerLinks.Link) async {
        var backoff = ReconnectBackoff()
        var lastFailure = ""
        while !Task.isCancelled && !isClosed && links.isCurrent(link) {
            let delivered = DeliveryMark()
            do {
                try await stream(to: peer, queue: queue, delivered: delivered)
                if Task.isCancelled || isClosed { return }
            } catch let refused as PeerRefused where refused.refusal == .senderRemoved {
                reportRemoved()
                return
            } catch {
                // Once per kind of failure, not once per retry: enough to tell a bad
                // certificate from a member that is down.
                if "\(error)" != lastFailure {
                    lastFailure = "\(error)"
                    Self.logger.warning("cannot stream to peer \(String(peer.id, radix: 16)) at \(peer.url): \(error)")
                }
                // What was queued for a broken stream is stale; Raft sends again.
                queue.discardPending()
                reportUnreachable(peer.id)
            }
            if delivered.isSet { backoff.reset() }
            try? await Task.sleep(for: backoff.next())
        }
    }

    /// Streams the queue's batches until the stream breaks; `delivered` tells whether any went out.
    private func stream(to peer: Peer, queue: PeerQueue, delivered: DeliveryMark) async throws {
        let transport = try dialer.transport(peer.url)
        try await withGRPCClient(transport: transport) { client in
            let raftPeer = Kvdpeer_RaftPeer.Client(wrapping: client)
            var options = CallOptions.defaults
            options.waitForReady = false
            let (clusterID, selfID, selfPeerURLs) = (self.clusterID, self.selfID, self.selfPeerURLs)
            try await raftPeer.stream(options: options) { writer in
                var sequence: UInt64 = 0
                while !Task.isCancelled {
                    let messages = await queue.next()
                    if messages.isEmpty { return }
                    sequence += 1
                    var batch = Kvdpeer_MessageBatch()
                    batch.clusterID = clusterID
                    batch.from = selfID
                    batch.fromPeerUrls = selfPeerURLs
                    batch.to = peer.id
                    batch.sequence = sequence
                    batch.messages = messages.map(Kvdpeer_Message.init)
                    try await writer.write(batch)
                    delivered.set()
                }
            } onResponse: { response in
                for try await ack in response.messages where ack.refusal != .accepted {
                    throw PeerRefused(peer: peer.id, refusal: ack.refusal)
                }
            }
        }
    }
}

extension GRPCPeerTransport {
    static let logger = Logger(label: "kvd.peer")
    static let probeInterval = Duration.seconds(1)

    /// Probes `link`'s peer on a connection of its own until the link ends.
    private func runProber(_ link: PeerLinks.Link) async {
        while !Task.isCancelled && !isClosed && links.isCurrent(link) {
            do {
                let transport = try dialer.transport(link.peer.url)
                try await withGRPCClient(transport: transport) { client in
                    let raftPeer = Kvdpeer_RaftPeer.Client(wrapping: client)
                    while !Task.isCancelled && !isClosed && links.isCurrent(link) {
                        try await probe(link.peer.id, with: raftPeer)
                        try await Task.sleep(for: Self.probeInterval)
                    }
                }
            } catch let refused as PeerRefused where refused.refusal == .senderRemoved {
                reportRemoved()
                return
            } catch {
                links.markUnreachable(link.peer.id)
            }
            try? await Task.sleep(for: Self.probeInterval)
        }
    }

    private func probe(_ peer: NodeID, with raftPeer: Kvdpeer_RaftPeer.Client<HTTP2ClientTransport.Posix>) async throws {
        var request = Kvdpeer_ProbeRequest()
        request.clusterID = clusterID
        request.from = selfID
        request.fromPeerUrls = selfPeerURLs
        request.to = peer
        var options = CallOptions.defaults
        options.waitForReady = false
        options.timeout = .seconds(5)
        let started = ContinuousClock.now
        let answer = try await raftPeer.probe(request, options: options)
        let roundTrip = ContinuousClock.now - started
        guard answer.refusal == .accepted else { throw PeerRefused(peer: peer, refusal: answer.refusal) }
        links.markReachable(peer, at: started)
        roundTripHandler.withLock { $0 }?(peer, roundTrip)
    }
}

struct PeerRefused: Error {
    var peer: NodeID
    var refusal: Kvdpeer_Refusal
}
