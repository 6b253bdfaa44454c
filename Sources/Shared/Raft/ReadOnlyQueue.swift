/// ReadIndex requests waiting for a quorum of heartbeat acknowledgements, answered in the
/// order they arrived: an acknowledgement for a later request confirms every earlier one.
struct ReadOnlyQueue {
    struct Request {
        var message: Message
        var index: UInt64
        var acks: Set<NodeID>
    }

    private var pending: [[UInt8]: Request] = [:]
    private var queue: [[UInt8]] = []

    var isEmpty: Bool { queue.isEmpty }

    mutating func add(index: UInt64, message: Message, context: [UInt8]) {
        guard pending[context] == nil else { return }
        pending[context] = Request(message: message, index: index, acks: [])
        queue.append(context)
    }

    /// Records `from`'s acknowledgement; returns the acknowledgers so far, or nil if unknown.
    mutating func recordAck(from id: NodeID, context: [UInt8]) -> Set<NodeID>? {
        guard pending[context] != nil else { return nil }
        pending[context]!.acks.insert(id)
        return pending[context]!.acks
    }

    /// Removes and returns every request up to and including the one for `context`.
    mutating func release(through context: [UInt8]) -> [Request] {
        guard let position = queue.firstIndex(of: context) else { return [] }
        let released = queue[...position].compactMap { pending.removeValue(forKey: $0) }
        queue.removeFirst(position + 1)
        return released
    }
}
