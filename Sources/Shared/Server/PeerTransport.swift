import Raft

/// Carries Raft messages to other members. Sending never blocks and never fails loudly: a
/// message that cannot be delivered is dropped (Raft retries), and the transport tells the
/// member with `reportUnreachable` so the leader stops streaming to a dead peer.
public protocol PeerTransport: Sendable {
    func send(_ messages: [Message])

    /// Sends a Raft snapshot message with the store's state as a file (a `MVCCStore.backup`);
    /// returns whether the peer received it whole.
    func sendSnapshot(_ message: Message, databaseFile: String) async -> Bool
}
