/// The call and return events of one partition in time order, as a doubly linked list.
///
/// Linearizing an operation unlinks its two events; backtracking relinks them in reverse order.
/// An unlinked node keeps its own links, so relinking needs no search (dancing links).
struct EventList {
    /// Node 0 is the sentinel that both heads and ends the circular list.
    static let end = 0

    private var next: [Int]
    private var previous: [Int]
    /// The operation each node belongs to (the sentinel's entry is unused).
    private let operationOf: [Int]
    private let isCallNode: [Bool]
    /// Each operation's return node, so that lifting a call also lifts its return.
    private let returnNodeOf: [Int]

    /// `returns[i]` is nil for an operation that need never take effect: it returns after everything.
    ///
    /// Events at equal times put calls first: operations that cannot be ordered by the clock count
    /// as concurrent, which only ever allows more linearizations, never fewer.
    init(calls: [UInt64], returns: [UInt64?]) {
        precondition(calls.count == returns.count, "every operation needs a call and a return")
        let count = calls.count
        var events: [(operation: Int, isCall: Bool)] = []
        events.reserveCapacity(2 * count)
        for operation in 0..<count {
            if let returned = returns[operation] {
                precondition(calls[operation] <= returned, "operation \(operation) returned before its call")
            }
            events.append((operation, true))
            events.append((operation, false))
        }
        func order(_ event: (operation: Int, isCall: Bool)) -> (Int, UInt64, Int, Int) {
            if event.isCall { return (0, calls[event.operation], 0, event.operation) }
            guard let returned = returns[event.operation] else { return (1, 0, 1, event.operation) }
            return (0, returned, 1, event.operation)
        }
        events.sort { order($0) < order($1) }

        let nodes = events.count + 1
        next = (0..<nodes).map { ($0 + 1) % nodes }
        previous = (0..<nodes).map { ($0 + nodes - 1) % nodes }
        operationOf = [-1] + events.map(\.operation)
        isCallNode = [false] + events.map(\.isCall)
        var returnNodes = [Int](repeating: EventList.end, count: count)
        for (position, event) in events.enumerated() where !event.isCall {
            returnNodes[event.operation] = position + 1
        }
        returnNodeOf = returnNodes
    }

    /// The first event still linked, or `end`.
    var first: Int { next[EventList.end] }

    func next(after node: Int) -> Int { next[node] }

    func isCall(_ node: Int) -> Bool { isCallNode[node] }

    func operation(_ node: Int) -> Int { operationOf[node] }

    /// Unlinks a call and its return: the operation is linearized.
    mutating func lift(call node: Int) {
        precondition(isCallNode[node], "only a call can be linearized")
        unlink(node)
        unlink(returnNodeOf[operationOf[node]])
    }

    /// Relinks what `lift(call:)` unlinked; it must be the most recent lift not yet undone.
    mutating func unlift(call node: Int) {
        precondition(isCallNode[node], "only a call can be taken back")
        relink(returnNodeOf[operationOf[node]])
        relink(node)
    }

    private mutating func unlink(_ node: Int) {
        precondition(node != EventList.end, "the sentinel stays linked")
        precondition(next[previous[node]] == node && previous[next[node]] == node, "node \(node) is not linked")
        next[previous[node]] = next[node]
        previous[next[node]] = previous[node]
    }

    private mutating func relink(_ node: Int) {
        precondition(node != EventList.end, "the sentinel stays linked")
        precondition(
            next[previous[node]] == next[node] && previous[next[node]] == previous[node],
            "node \(node) is relinked out of order"
        )
        next[previous[node]] = node
        previous[next[node]] = node
    }
}
