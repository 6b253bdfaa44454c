import Raft
import Synchronization

/// The messages waiting to go to one peer. Bounded: when the peer is slow or gone the queue
/// refuses more (the caller reports the peer unreachable and Raft backs off), so the leader
/// never buffers without limit and never blocks on a peer.
final class PeerQueue: Sendable {
    private struct State {
        var pending: [Message] = []
        var waiter: CheckedContinuation<[Message], Never>?
        var closed = false
    }

    private let state = Mutex(State())
    let capacity: Int
    /// How many messages one batch on the wire carries at most.
    let batchLimit: Int

    init(capacity: Int = 4_096, batchLimit: Int = 256) {
        precondition(capacity > 0 && batchLimit > 0, "queue bounds must be positive")
        self.capacity = capacity
        self.batchLimit = batchLimit
    }

    /// Returns false when the messages were dropped because the queue is full or closed.
    func enqueue(_ messages: [Message]) -> Bool {
        let (accepted, waiter, batch) = state.withLock { s -> (Bool, CheckedContinuation<[Message], Never>?, [Message]) in
            guard !s.closed, s.pending.count + messages.count <= capacity else { return (false, nil, []) }
            s.pending.append(contentsOf: messages)
            guard let waiter = s.waiter else { return (true, nil, []) }
            s.waiter = nil
            return (true, waiter, takeBatch(&s))
        }
        waiter?.resume(returning: batch)
        return accepted
    }

    /// Waits for the next batch; an empty batch means the queue was closed.
    func next() async -> [Message] {
        await withCheckedContinuation { continuation in
            let batch: [Message]? = state.withLock { s in
                if s.closed { return [] }
                if s.pending.isEmpty {
                    precondition(s.waiter == nil, "two consumers on one peer queue")
                    s.waiter = continuation
                    return nil
                }
                return takeBatch(&s)
            }
            if let batch { continuation.resume(returning: batch) }
        }
    }

    /// Drops what is queued: after a broken connection it is stale, and Raft resends.
    func discardPending() {
        state.withLock { $0.pending.removeAll() }
    }

    func close() {
        let waiter = state.withLock { s in
            s.closed = true
            s.pending.removeAll()
            defer { s.waiter = nil }
            return s.waiter
        }
        waiter?.resume(returning: [])
    }

    private func takeBatch(_ s: inout State) -> [Message] {
        let count = min(batchLimit, s.pending.count)
        let batch = Array(s.pending.prefix(count))
        s.pending.removeFirst(count)
        return batch
    }
}
