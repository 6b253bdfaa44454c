import Dispatch
import Raft

/// Makes `Ready`s durable on a thread of its own, one at a time, so that the member's Raft
/// loop goes on stepping messages, proposals and ticks during the fsync; whatever arrives
/// meanwhile comes out in the next `Ready` and rides the next fsync (group commit).
final class WALWriter: Sendable {
    private let queue = DispatchQueue(label: "kvd.wal-writer")
    private let log: DurableLog
    private let memberID: NodeID

    init(log: DurableLog, memberID: NodeID) {
        self.log = log
        self.memberID = memberID
    }

    /// Writes `rd` (the caller starts no other write and leaves the log alone until `written`
    /// is called, from the writer's thread, with how long the write took).
    func write(_ rd: Ready, written: @escaping @Sendable (Duration) -> Void) {
        queue.async { [log, memberID] in
            let started = ContinuousClock.now
            do {
                try log.write(rd)
            } catch {
                // A member that cannot write its log cannot vouch for anything: stop, as etcd does.
                fatalError("member \(hexID(memberID)) cannot persist its Raft log: \(error)")
            }
            written(ContinuousClock.now - started)
        }
    }

    /// Runs `body` once no write is in flight.
    func whenIdle<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync(execute: body)
    }
}
