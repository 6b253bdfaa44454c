import Foundation
@testable import Member
import Raft
import Server
import Synchronization

/// Delivers Raft messages between members in one process, for tests; a member that is not
/// attached (stopped, or never started) just does not get them, like a dead peer, and an
/// isolated member neither sends nor receives. A member the receiver knows as removed is
/// told so, as the peer service tells it over the network.
final class LocalNetwork: PeerTransport {
    private struct State {
        var members: [NodeID: Member] = [:]
        var attachedAt: [NodeID: ContinuousClock.Instant] = [:]
        var isolated: Set<NodeID> = []
    }

    private let state = Mutex(State())

    func attach(_ member: Member) {
        state.withLock {
            $0.members[member.id] = member
            $0.attachedAt[member.id] = .now
        }
    }

    func detach(_ id: NodeID) {
        state.withLock {
            $0.members[id] = nil
            $0.attachedAt[id] = nil
        }
    }

    /// Cuts `id` off from every other member, both ways, until `heal`.
    func isolate(_ id: NodeID) { _ = state.withLock { $0.isolated.insert(id) } }

    func heal(_ id: NodeID) { _ = state.withLock { $0.isolated.remove(id) } }

    /// Hands the target its own copy of the store file, as a transfer over the network would.
    func sendSnapshot(_ message: Message, databaseFile: String) async -> Bool {
        guard let member = target(message) else { return false }
        let copy = "\(member.snapshotDirectory)/incoming-\(UUID().uuidString).db"
        guard (try? FileManager.default.copyItem(atPath: databaseFile, toPath: copy)) != nil else { return false }
        await member.receiveSnapshot(message, databaseFile: copy)
        return true
    }

    func send(_ messages: [Message]) {
        for batch in Dictionary(grouping: messages, by: \.to).values {
            guard let first = batch.first, let member = target(first) else { continue }
            if member.membership.current.isRemoved(first.from), let sender = state.withLock({ $0.members[first.from] }) {
                Task { await sender.noticeRemoval() }
                continue
            }
            Task { await member.receive(batch) }
        }
    }

    func membershipChanged(_: ClusterInfo) {}

    /// A member is reachable from the moment it is attached until it is detached or isolated.
    func connectedSince(_ peer: NodeID) -> ContinuousClock.Instant? {
        state.withLock { $0.isolated.contains(peer) ? nil : $0.attachedAt[peer] }
    }

    private func target(_ message: Message) -> Member? {
        state.withLock { s in
            s.isolated.contains(message.from) || s.isolated.contains(message.to) ? nil : s.members[message.to]
        }
    }
}
