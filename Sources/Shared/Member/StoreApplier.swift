import Dispatch
import Failpoints
import MVCC
import Raft
import Synchronization

/// Where the store's apply has reached, with the membership as of that index: a snapshot
/// of the log taken there must carry the membership of that index, not of a later one.
struct AppliedPoint: Sendable {
    var index: UInt64
    var confState: ConfState
    var cluster: ClusterInfo
}

/// Applies committed entries to the store on a thread of its own, in the order the Raft loop
/// hands them over, and answers the clients waiting on them. The loop goes on meanwhile (it
/// persists and sends the next `Ready` during a store commit), so two fsyncs are never in
/// series on it. Whatever was handed over during one store commit goes into the next, as one
/// transaction. Only entries already durable in the local WAL are ever handed over.
final class StoreApplier: Sendable {
    /// One `Ready`'s committed entries.
    struct Batch: Sendable {
        var requests: [IndexedRequest]
        /// Where the store's applied index moves to: entries without a request (no-ops,
        /// membership) move it too.
        var point: AppliedPoint
        /// This member's clients waiting on entries of the batch, by index.
        var waiters: [UInt64: CheckedContinuation<Response, any Error>]
    }

    private struct Handed: Sendable {
        var batch: Batch
        var observers: [any ApplyObserver]
        var applied: @Sendable (AppliedPoint) -> Void
    }

    private let queue = DispatchQueue(label: "kvd.store-applier")
    /// Handed over, not yet taken by the applier's thread.
    private let pending = Mutex<[Handed]>([])
    private let store: MVCCStore
    private let metrics: ServerMetrics
    private let memberID: NodeID

    init(store: MVCCStore, metrics: ServerMetrics, memberID: NodeID) {
        self.store = store
        self.metrics = metrics
        self.memberID = memberID
    }

    /// Queues `batch`; once the store has committed it, its waiters and `observers` are told,
    /// then `applied` (from the applier's thread).
    func submit(_ batch: Batch, observers: [any ApplyObserver], applied: @escaping @Sendable (AppliedPoint) -> Void) {
        pending.withLock { $0.append(Handed(batch: batch, observers: observers, applied: applied)) }
        queue.async { self.applyPending() }
    }

    /// Everything handed over so far, in one store transaction (nothing when an earlier
    /// call took it already).
    private func applyPending() {
        let handed = pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
        guard let last = handed.last else { return }
        var requests: [IndexedRequest] = []
        var waiters: [UInt64: CheckedContinuation<Response, any Error>] = [:]
        var previous: UInt64 = 0
        for item in handed {
            precondition(item.batch.point.index > previous, "batches handed over out of order")
            previous = item.batch.point.index
            requests += item.batch.requests
            waiters.merge(item.batch.waiters) { _, _ in preconditionFailure("two waiters on one index") }
        }
        let started = ContinuousClock.now
        let results: [AppliedRequest]
        do {
            results = try store.apply(requests, appliedThrough: last.batch.point.index)
        } catch {
            fatalError("member \(hexID(memberID)) cannot apply to its store: \(error)")
        }
        metrics.backendCommitDuration.record(ContinuousClock.now - started)
        // Observers are registered before the member starts, so the last batch's list is everyone's.
        if !results.isEmpty && !last.observers.isEmpty {
            // Failed requests leave the revision alone, so the last success names it.
            let revision = results.reversed().lazy.compactMap { try? $0.result.get().revision }.first
                ?? (try? store.state().revision) ?? 0
            for observer in last.observers { observer.applied(results, storeRevision: revision) }
        }
        for result in results {
            waiters.removeValue(forKey: result.index)?.resume(with: result.result.mapError { $0 as any Error })
        }
        // Entries the store already held give no result: a follower's store restored from the
        // leader's copy, which can be ahead of the snapshot's index, may hold this member's own
        // proposal. It happened, but its answer is lost: the client hears what etcd's would,
        // a timeout (the outcome unknown), at once instead of at its deadline.
        for waiter in waiters.values { waiter.resume(throwing: MemberError.timeout) }
        last.applied(last.batch.point)
    }

    /// Runs `body` once every batch handed over so far is applied, with none in progress:
    /// for what must not overlap an apply (replacing the store, closing it).
    func whenIdle<T>(_ body: () throws -> T) rethrows -> T {
        try queue.sync(execute: body)
    }
}
