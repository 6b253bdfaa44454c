import Foundation
import Raft
import Server
import Synchronization

/// Delivers Raft messages between members in one process, for tests; a member that is not
/// attached (stopped, or never started) just does not get them, like a dead peer.
final class LocalNetwork: PeerTransport {
    private let members = Mutex<[NodeID: Member]>([:])

    func attach(_ member: Member) { members.withLock { $0[member.id] = member } }

    func detach(_ id: NodeID) { _ = members.withLock { $0.removeValue(forKey: id) } }

    /// Hands the target its own copy of the store file, as a transfer over the network would.
    func sendSnapshot(_ message: Message, databaseFile: String) async -> Bool {
        guard let member = members.withLock({ $0[message.to] }) else { return false }
        let copy = "\(member.snapshotDirectory)/incoming-\(UUID().uuidString).db"
        guard (try? FileManager.default.copyItem(atPath: databaseFile, toPath: copy)) != nil else { return false }
        await member.receiveSnapshot(message, databaseFile: copy)
        return true
    }

    func send(_ messages: [Message]) {
        let targets = members.withLock { $0 }
        for (to, batch) in Dictionary(grouping: messages, by: \.to) {
            guard let member = targets[to] else { continue }
            Task { await member.receive(batch) }
        }
    }
}
