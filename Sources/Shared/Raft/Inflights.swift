/// The appends sent to one follower in replicate mode and not yet acknowledged, bounded in
/// count and bytes so a slow follower cannot make the leader buffer without limit.
struct Inflights {
    let capacity: Int
    /// Zero means no byte limit.
    let maxBytes: UInt64
    private var pending: [(index: UInt64, bytes: UInt64)] = []
    private(set) var bytes: UInt64 = 0

    init(capacity: Int, maxBytes: UInt64) {
        precondition(capacity > 0, "inflight capacity must be positive")
        self.capacity = capacity
        self.maxBytes = maxBytes
    }

    var count: Int { pending.count }

    var isFull: Bool { pending.count >= capacity || (maxBytes > 0 && bytes >= maxBytes) }

    mutating func add(index: UInt64, bytes size: UInt64) {
        precondition(!isFull, "adding to full inflights")
        precondition(pending.last.map { $0.index < index } ?? true, "inflight indexes must increase")
        pending.append((index, size))
        bytes += size
    }

    /// Frees every append whose last entry is at or below `index`.
    mutating func freeLE(_ index: UInt64) {
        var freed = 0
        while freed < pending.count, pending[freed].index <= index {
            bytes -= pending[freed].bytes
            freed += 1
        }
        pending.removeFirst(freed)
    }

    mutating func reset() {
        pending.removeAll()
        bytes = 0
    }
}
