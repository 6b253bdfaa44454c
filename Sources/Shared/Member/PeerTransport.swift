import Raft

/// Carries Raft messages to other members. Sending never blocks and never fails loudly: a
/// message that cannot be delivered is dropped (Raft retries), and the transport tells the
/// member with `reportUnreachable` so the leader stops streaming to a dead peer.
public protocol PeerTransport: Sendable {
    func send(_ messages: [Message])

    /// Sends a Raft snapshot message with the store's state as a file (a `MVCCStore.backup`);
    /// returns whether the peer received it whole.
    func sendSnapshot(_ message: Message, databaseFile: String) async -> Bool

    /// Who the peers are and where they listen, each time the membership changes.
    func membershipChanged(_ cluster: ClusterInfo)

    /// Since when `peer` has been reachable without a break; nil when it is not reachable now.
    /// Membership changes that could cost the quorum are judged by it.
    func connectedSince(_ peer: NodeID) -> ContinuousClock.Instant?
}
