import Failpoints
import Foundation
import Raft

/// Snapshots: the store sent to and received from peers, and the log compacted behind a
/// synced store.
extension Member {
    /// Store files of snapshot transfers a previous run did not finish (a crash mid-send or
    /// mid-receive): nothing refers to them once the member restarts, and each is a whole store.
    static func removeTransferLeftovers(in directory: String) {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        for name in names where (name.hasPrefix("incoming-") || name.hasPrefix("outgoing-")) && name.hasSuffix(".db") {
            removeFile("\(directory)/\(name)")
        }
    }

    /// The membership a snapshot carries; nil for one made before snapshots carried it.
    static func cluster(in snapshot: Snapshot) throws -> ClusterInfo? {
        guard !snapshot.data.isEmpty else { return nil }
        do {
            return try JSONDecoder().decode(ClusterInfo.self, from: Data(snapshot.data))
        } catch {
            throw MemberError.corruptLog("the snapshot at \(snapshot.metadata.index) has an unreadable membership: \(error)")
        }
    }

    /// A snapshot from the leader with the store's state in `databaseFile`, which this member
    /// now owns: it replaces the store if Raft takes the snapshot.
    public func receiveSnapshot(_ message: Message, databaseFile: String) {
        guard !stopped, let index = message.snapshot?.metadata.index, message.to == id else {
            removeFile(databaseFile)
            return
        }
        if let older = incomingSnapshots.updateValue(databaseFile, forKey: index) { removeFile(older) }
        try? node.step(message)
        scheduleDrain()
    }

    /// Sends the store as it is when copied (at or past the snapshot's index: the follower's
    /// store skips the entries it already holds) and tells Raft how it went. The copy of a
    /// large store takes seconds: it is made off the actor, so the leader's Ready loop (and
    /// every other follower) goes on meanwhile.
    func sendSnapshot(_ message: Message) {
        let file = "\(snapshotDirectory)/outgoing-\(hexID(message.to))-\(message.snapshot?.metadata.index ?? 0).db"
        Task.detached { [store, transport] in
            var succeeded = false
            if (try? store.backup(to: file)) != nil {
                succeeded = await transport.sendSnapshot(message, databaseFile: file)
            }
            removeFile(file)
            await self.reportSnapshot(message.to, succeeded: succeeded)
        }
    }

    func restoreStore(from snapshot: Snapshot) {
        let index = snapshot.metadata.index
        guard let file = incomingSnapshots.removeValue(forKey: index) else {
            fatalError("member \(hexID(id)): Raft took a snapshot at \(index) that came without the store's state")
        }
        // Behind every batch handed over before it: those the snapshot covers are then skipped.
        applier.whenIdle {
            do {
                try store.restore(from: file)
            } catch {
                fatalError("member \(hexID(id)) cannot restore its store from the snapshot at \(index): \(error)")
            }
            Failpoint.snapshotApplyMid.hit()
            do {
                let revision = try store.state().revision
                for observer in observers { observer.restored(storeRevision: revision) }
            } catch {
                fatalError("member \(hexID(id)) cannot read the store it restored at \(index): \(error)")
            }
        }
        for (stale, path) in incomingSnapshots where stale <= index {
            incomingSnapshots[stale] = nil
            removeFile(path)
        }
        lastSnapshotIndex = index
        handedOver = index
        confState = snapshot.metadata.confState
        do {
            if let restored = try Self.cluster(in: snapshot) { setCluster(restored) }
        } catch {
            fatalError("member \(hexID(id)): \(error)")
        }
        storeApplied = AppliedPoint(index: index, confState: confState, cluster: cluster)
    }

    func compactIfDue() {
        let point = storeApplied
        // The WAL is the writer's while a write is in flight; `finish` comes back here after it.
        guard pipeline.isIdle, point.index >= lastSnapshotIndex + config.snapshotCount else { return }
        do {
            try store.sync()
            let membership = try JSONEncoder().encode(point.cluster)
            try log.compact(upTo: point.index, confState: point.confState, data: Array(membership),
                            keepingEntries: config.snapshotCatchUpEntries)
            lastSnapshotIndex = point.index
        } catch {
            fatalError("member \(hexID(id)) cannot snapshot its log: \(error)")
        }
    }
}
