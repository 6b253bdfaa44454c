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

/// The pauses between a sender's attempts to reach its peer: doubling from `initial` to
/// `maximum`, so a member that is down costs little, and back to `initial` once a stream has
/// carried messages, so a connection that breaks after long service is retried at once.
struct ReconnectBackoff {
    let initial: Duration
    let maximum: Duration
    private var upcoming: Duration

    init(initial: Duration = .milliseconds(50), maximum: Duration = .seconds(1)) {
        precondition(initial > .zero && maximum >= initial, "backoff bounds must be positive and ordered")
        self.initial = initial
        self.maximum = maximum
        upcoming = initial
    }

    /// The pause before the next attempt.
    mutating func next() -> Duration {
        defer { upcoming = min(upcoming * 2, maximum) }
        return upcoming
    }

    mutating func reset() {
        upcoming = initial
    }
}

/// Set once a stream has written a batch: what tells a broken connection from one never made.
final class DeliveryMark: Sendable {
    private let value = Atomic(false)

    func set() { value.store(true, ordering: .relaxed) }
    var isSet: Bool { value.load(ordering: .relaxed) }
}
