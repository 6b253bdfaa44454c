import Raft
import Synchronization

/// The peers the transport talks to, each with its own bounded queue, changed at run time as
/// the membership changes: a new peer's link is handed to `started` (the transport starts its
/// sender and prober), a removed or moved peer's queue is closed (they end). Also keeps since
/// when each peer has answered its probes without a break.
final class PeerLinks: Sendable {
    struct Link: Sendable {
        let peer: GRPCPeerTransport.Peer
        let queue: PeerQueue
    }

    private struct State {
        var links: [NodeID: Link] = [:]
        var connectedSince: [NodeID: ContinuousClock.Instant] = [:]
        var closed = false
    }

    private let state = Mutex(State())
    let started: AsyncStream<Link>
    private let startedContinuation: AsyncStream<Link>.Continuation

    init() {
        (started, startedContinuation) = AsyncStream<Link>.makeStream()
    }

    func link(_ id: NodeID) -> Link? { state.withLock { $0.links[id] } }

    /// Whether `link` still stands for its peer (not removed, moved or closed).
    func isCurrent(_ link: Link) -> Bool {
        state.withLock { $0.links[link.peer.id]?.queue === link.queue }
    }

    /// Makes `peers` the set of peers: links for new peers (or peers at a new URL), closes the rest.
    func update(_ peers: [GRPCPeerTransport.Peer]) {
        let (added, dropped) = state.withLock { s -> ([Link], [Link]) in
            guard !s.closed else { return ([], []) }
            let wanted = Dictionary(peers.map { ($0.id, $0) }, uniquingKeysWith: { first, _ in first })
            var added: [Link] = []
            var dropped: [Link] = []
            for (id, link) in s.links where wanted[id]?.url != link.peer.url {
                dropped.append(link)
                s.links[id] = nil
                s.connectedSince[id] = nil
            }
            for (id, peer) in wanted where s.links[id] == nil {
                let link = Link(peer: peer, queue: PeerQueue())
                s.links[id] = link
                added.append(link)
            }
            return (added, dropped)
        }
        for link in dropped { link.queue.close() }
        for link in added { startedContinuation.yield(link) }
    }

    func markReachable(_ id: NodeID, at instant: ContinuousClock.Instant) {
        state.withLock { s in
            if s.links[id] != nil && s.connectedSince[id] == nil { s.connectedSince[id] = instant }
        }
    }

    func markUnreachable(_ id: NodeID) {
        _ = state.withLock { $0.connectedSince.removeValue(forKey: id) }
    }

    func connectedSince(_ id: NodeID) -> ContinuousClock.Instant? { state.withLock { $0.connectedSince[id] } }

    /// Closes every queue and ends `started`.
    func close() {
        let links = state.withLock { s -> [Link] in
            s.closed = true
            defer { s.links = [:]; s.connectedSince = [:] }
            return Array(s.links.values)
        }
        for link in links { link.queue.close() }
        startedContinuation.finish()
    }
}
