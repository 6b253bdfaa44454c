import Raft

/// Messages in flight between simulated members: delayed, dropped, duplicated and reordered
/// at random, and cut by partitions that may be one-way.
struct SimulatedNetwork {
    struct InFlight {
        var deliverAt: Int
        var message: Message
    }

    private(set) var inFlight: [InFlight] = []
    /// Directed links that are cut: (from, to).
    var blocked: Set<Link> = []
    var dropPercent: Int
    var duplicatePercent: Int
    var maxDelayTicks: Int

    struct Link: Hashable {
        var from: NodeID
        var to: NodeID
    }

    init(dropPercent: Int, duplicatePercent: Int, maxDelayTicks: Int) {
        self.dropPercent = dropPercent
        self.duplicatePercent = duplicatePercent
        self.maxDelayTicks = maxDelayTicks
    }

    /// Returns false when the message was dropped at once.
    mutating func send(_ message: Message, now: Int, rng: inout SplitMix64) -> Bool {
        if Int(rng.next() % 100) < dropPercent { return false }
        let copies = Int(rng.next() % 100) < duplicatePercent ? 2 : 1
        for _ in 0..<copies {
            let delay = 1 + Int(rng.next() % UInt64(maxDelayTicks))
            inFlight.append(InFlight(deliverAt: now + delay, message: message))
        }
        return true
    }

    /// Removes and returns the messages due by `now`, shuffled; those crossing a cut link
    /// are returned separately so the sender can be told.
    mutating func takeDue(now: Int, rng: inout SplitMix64) -> (deliver: [Message], cut: [Message]) {
        var due: [Message] = []
        var kept: [InFlight] = []
        kept.reserveCapacity(inFlight.count)
        for item in inFlight {
            if item.deliverAt <= now { due.append(item.message) } else { kept.append(item) }
        }
        inFlight = kept
        due.shuffle(using: &rng)
        var deliver: [Message] = []
        var cut: [Message] = []
        for m in due {
            if blocked.contains(Link(from: m.from, to: m.to)) { cut.append(m) } else { deliver.append(m) }
        }
        return (deliver, cut)
    }

    mutating func heal() { blocked = [] }

    /// Cuts every link between `side` and the rest, both ways or only outwards from `side`.
    mutating func partition(_ side: Set<NodeID>, from all: [NodeID], oneWay: Bool) {
        for a in side {
            for b in all where !side.contains(b) {
                blocked.insert(Link(from: a, to: b))
                if !oneWay { blocked.insert(Link(from: b, to: a)) }
            }
        }
    }
}
