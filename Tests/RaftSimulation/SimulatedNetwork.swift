import Raft

/// Messages in flight between simulated members: delayed, dropped, duplicated and reordered
/// at random, cut by partitions that may be one-way, held for paused members, and slowed on
/// links of little bandwidth.
struct SimulatedNetwork {
    struct InFlight {
        var deliverAt: Int
        var message: Message
    }

    private(set) var inFlight: [InFlight] = []
    /// Directed links cut by the random partitions: (from, to).
    private(set) var randomCuts: Set<Link> = []
    /// Directed links cut by the current read episode, healed apart from the random ones.
    private(set) var episodeCuts: Set<Link> = []
    /// Directed links of little bandwidth (episodes only): a message is late by a tick per
    /// entry it carries, a snapshot by many.
    var slow: Set<Link> = []
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
        let transfer = slow.contains(Link(from: message.from, to: message.to)) ? Self.transferTicks(message) : 0
        for _ in 0..<copies {
            let delay = 1 + Int(rng.next() % UInt64(maxDelayTicks)) + transfer
            inFlight.append(InFlight(deliverAt: now + delay, message: message))
        }
        return true
    }

    /// Removes and returns the messages due by `now`, shuffled; those crossing a cut link
    /// are returned separately so the sender can be told. A message from a member in `held`
    /// (a paused one) waits until it resumes; so does one to it, unless its link is cut.
    mutating func takeDue(now: Int, held: Set<NodeID>, rng: inout SplitMix64) -> (deliver: [Message], cut: [Message]) {
        var due: [Message] = []
        var kept: [InFlight] = []
        kept.reserveCapacity(inFlight.count)
        for item in inFlight {
            let m = item.message
            let waits = item.deliverAt > now || held.contains(m.from) || (held.contains(m.to) && !isCut(m))
            if waits { kept.append(item) } else { due.append(m) }
        }
        inFlight = kept
        due.shuffle(using: &rng)
        var deliver: [Message] = []
        var cut: [Message] = []
        for m in due {
            if isCut(m) { cut.append(m) } else { deliver.append(m) }
        }
        return (deliver, cut)
    }

    private static func transferTicks(_ m: Message) -> Int {
        m.snapshot == nil ? min(m.entries.count, 10) : 10
    }

    private func isCut(_ m: Message) -> Bool {
        let link = Link(from: m.from, to: m.to)
        return randomCuts.contains(link) || episodeCuts.contains(link)
    }

    var hasRandomCuts: Bool { !randomCuts.isEmpty }

    /// Who cuts links: each cause heals only its own cuts (the episode's slow links too).
    enum Cause {
        case randomPartition, episode
    }

    mutating func heal(_ cause: Cause) {
        switch cause {
        case .randomPartition:
            randomCuts = []
        case .episode:
            episodeCuts = []
            slow = []
        }
    }

    /// Cuts every link between `side` and the rest, both ways or only outwards from `side`.
    mutating func partition(_ side: Set<NodeID>, from all: [NodeID], oneWay: Bool, by cause: Cause) {
        var links: [Link] = []
        for a in side {
            for b in all where !side.contains(b) {
                links.append(Link(from: a, to: b))
                if !oneWay { links.append(Link(from: b, to: a)) }
            }
        }
        switch cause {
        case .randomPartition: randomCuts.formUnion(links)
        case .episode: episodeCuts.formUnion(links)
        }
    }
}
