import Raft

/// A whole cluster of pure Raft nodes over a simulated network and clock, driven by one
/// seed. Every step is checked by `SafetyChecker`; a run ends with a liveness check.
public final class Simulation {
    let options: SimulationOptions
    var rng: SplitMix64
    var network: SimulatedNetwork
    var nodes: [NodeID: SimulatedNode] = [:]
    var checker = SafetyChecker()
    var stats = SimulationStats()
    var now = 0
    var faultsActive = true
    var nextPayload = 0
    var readEpisode: ReadEpisode?
    /// Where the liveness check's proposal landed, once some member applied it.
    var markerIndex: UInt64?
    /// Members never to be re-added (etcd refuses to reuse a removed member's id).
    var removed: Set<NodeID> = []
    let founders: [NodeID]
    let spares: [NodeID]
    let maxSizePerMessageBytes: UInt64
    let maxInflightMessages: Int

    public init(options: SimulationOptions) {
        self.options = options
        rng = SplitMix64(seed: options.seed)
        network = SimulatedNetwork(dropPercent: options.dropPercent, duplicatePercent: options.duplicatePercent,
                                   maxDelayTicks: options.maxDelayTicks)
        founders = (1...UInt64(options.nodeCount)).map { $0 }
        spares = [UInt64(options.nodeCount) + 1, UInt64(options.nodeCount) + 2]
        maxSizePerMessageBytes = [64, 512, 1 << 20][Int(options.seed % 3)]
        maxInflightMessages = [2, 8, 256][Int((options.seed / 3) % 3)]
        for id in founders { nodes[id] = SimulatedNode(id: id, storage: .bootstrap(voters: founders)) }
        for id in spares { nodes[id] = SimulatedNode(id: id, storage: MemoryStorage()) }
    }

    var allIDs: [NodeID] { founders + spares }

    /// Every node in id order: iterating the dictionary would make runs depend on hash seeds.
    var members: [SimulatedNode] { allIDs.compactMap { nodes[$0] } }

    /// Runs the faulty phase, then the liveness phase; returns what happened or the first violation.
    public func run() -> Result<SimulationStats, SimulationFailure> {
        do {
            for id in allIDs { try start(id) }
            while now < options.faultTicks {
                try injectFaults()
                try clientActivity()
                try step()
            }
            try checkLiveness()
            return .success(stats)
        } catch {
            return .failure(SimulationFailure(seed: options.seed, tick: now, message: error.message))
        }
    }

    func trace(_ text: @autoclosure () -> String) {
        if options.trace { print("[t=\(now)] \(text())") }
    }

    // MARK: Time

    /// One tick of simulated time: deliver what is due, tick every running member, check.
    func step() throws(SafetyChecker.Violation) {
        let paused = Set(members.filter(\.isPaused).map(\.id))
        let (deliver, cut) = network.takeDue(now: now, held: paused, rng: &rng)
        for m in cut {
            trace("cut \(m.kind) \(m.from)->\(m.to)")
            try reportUndelivered(m)
        }
        for m in deliver { try deliverMessage(m) }
        for id in allIDs.shuffled(using: &rng) {
            guard let node = nodes[id], node.isRunning else { continue }
            node.raft!.tick()
            try drain(node)
        }
        now += 1
    }

    private func deliverMessage(_ m: Message) throws(SafetyChecker.Violation) {
        guard let node = nodes[m.to], node.isAlive else {
            try reportUndelivered(m)
            return
        }
        trace("deliver \(m.kind) \(m.from)->\(m.to) term=\(m.term) index=\(m.index) logTerm=\(m.logTerm) entries=\(m.entries.count) commit=\(m.commit) reject=\(m.reject)")
        if let answer = mutatedAnswer(to: m, at: node) {
            send(answer)
            return
        }
        do {
            try node.raft!.step(m)
        } catch {
            trace("node \(m.to) refused \(m.kind): \(error)")
        }
        if m.kind == .snapshot, let sender = nodes[m.from], sender.isAlive {
            sender.raft!.reportSnapshot(m.to, succeeded: true)
            try drain(sender)
        }
        try drain(node)
    }

    /// What a real transport tells its member when a message could not be delivered.
    private func reportUndelivered(_ m: Message) throws(SafetyChecker.Violation) {
        guard let sender = nodes[m.from], sender.isAlive else { return }
        if m.kind == .snapshot { sender.raft!.reportSnapshot(m.to, succeeded: false) }
        sender.raft!.reportUnreachable(m.to)
        try drain(sender)
    }

    func send(_ m: Message) {
        if m.kind == .snapshot { stats.snapshotsSent += 1 }
        if m.kind == .timeoutNow { leaderHandedOver(m.from) }
        if !network.send(m, now: now, rng: &rng), m.kind == .snapshot, let sender = nodes[m.from], sender.isAlive {
            sender.raft!.reportSnapshot(m.to, succeeded: false)
        }
    }
}

extension Error {
    var message: String { (self as? SafetyChecker.Violation)?.message ?? "\(self)" }
}
