import Raft

/// What happens to the cluster from outside: faults, client requests, operator actions.
extension Simulation {
    func chance(perMille: UInt64) -> Bool { rng.next() % 1000 < perMille }

    func pick<T>(_ items: [T]) -> T? {
        items.isEmpty ? nil : items[Int(rng.next() % UInt64(items.count))]
    }

    /// The running leader of the highest term (a paused one cannot be asked anything).
    var leader: SimulatedNode? {
        members.filter { $0.isRunning && $0.role == .leader }.max { $0.term < $1.term }
    }

    func injectFaults() throws(SafetyChecker.Violation) {
        try runReadEpisode()
        partitionAtRandom()
        // An episode's target is spared: its crash would end the episode before its point.
        if chance(perMille: 6), let victim = pick(members.filter { $0.isRunning && $0.id != readEpisode?.target }) {
            crash(victim)
        }
        for node in members where !node.isAlive && chance(perMille: 40) {
            try start(node.id)
        }
    }

    private func partitionAtRandom() {
        if chance(perMille: 8) {
            network.heal(.randomPartition)
            let size = 1 + Int(rng.next() % UInt64(max(1, allIDs.count / 2)))
            let side = Set(allIDs.shuffled(using: &rng).prefix(size))
            let oneWay = chance(perMille: 300)
            network.partition(side, from: allIDs, oneWay: oneWay, by: .randomPartition)
            stats.partitions += 1
            trace("partition \(side.sorted()) \(oneWay ? "one-way" : "both ways")")
        } else if network.hasRandomCuts && chance(perMille: 20) {
            network.heal(.randomPartition)
            trace("heal")
        }
    }

    func clientActivity() throws(SafetyChecker.Violation) {
        // Each action picks among the members running now: the previous one may have crashed one.
        if chance(perMille: 300), let node = pick(members.filter(\.isRunning)) {
            try proposeWrite(on: node)
        }
        if chance(perMille: 100), let node = pick(members.filter(\.isRunning)) {
            try issueRead(on: node)
        }
        guard let leader else { return }
        let conf = leader.raft!.status.confState
        if chance(perMille: 8), let target = pick(conf.voters.filter { $0 != leader.id }) {
            stats.transfers += 1
            trace("transfer leadership \(leader.id) -> \(target)")
            leader.raft!.transferLeadership(to: target)
            try drain(leader)
        }
        if chance(perMille: 10), leader.isAlive, let change = chooseConfChange(conf) {
            stats.confChanges += 1
            trace("propose \(change.kind) \(change.nodeID)")
            if change.kind == .removeNode { removed.insert(change.nodeID) }
            try? leader.raft!.proposeConfChange(change)
            try drain(leader)
        }
    }

    /// A client write with a payload never used before; it may be refused or lost.
    func proposeWrite(on node: SimulatedNode) throws(SafetyChecker.Violation) {
        nextPayload += 1
        try? node.raft!.propose(Array("p\(nextPayload)".utf8))
        try drain(node)
    }

    private func chooseConfChange(_ conf: ConfState) -> ConfChange? {
        let outsiders = allIDs.filter { !conf.contains($0) && !removed.contains($0) }
        switch rng.next() % 4 {
        case 0:
            return pick(outsiders).map { ConfChange(kind: .addLearner, nodeID: $0) }
        case 1:
            return pick(conf.learners).map { ConfChange(kind: .addNode, nodeID: $0) }
        case 2:
            guard conf.voters.count > 1 else { return nil }
            return pick(conf.voters + conf.learners).map { ConfChange(kind: .removeNode, nodeID: $0) }
        default:
            guard conf.voters.count > 1 else { return nil }
            return pick(conf.voters).map { ConfChange(kind: .addLearner, nodeID: $0) }
        }
    }

    /// Once the faults stop, a leader must be elected and a proposal must reach every member.
    func checkLiveness() throws(SafetyChecker.Violation) {
        try finishReadEpisode()
        faultsActive = false
        network.heal(.randomPartition)
        network.dropPercent = 0
        network.duplicatePercent = 0
        for node in members where !node.isAlive { try start(node.id) }
        trace("faults stop")
        let deadline = now + options.livenessTicks
        var lastProposalTick: Int?
        while now < deadline {
            // Proposals can be refused (a transfer in flight) or lost with a deposed leader: retry.
            if markerIndex == nil, lastProposalTick.map({ now - $0 >= options.electionTicks }) ?? true, let leader {
                lastProposalTick = now
                do { try leader.raft!.propose(livenessMarker) } catch { trace("liveness proposal refused: \(error)") }
                try drain(leader)
            }
            try step()
            if let leader, let markerIndex {
                let conf = leader.raft!.status.confState
                if (conf.voters + conf.learners).allSatisfy({ (nodes[$0]?.appliedIndex ?? 0) >= markerIndex }) { return }
            }
        }
        let roles = members.map { node in
            guard let status = node.raft?.status else { return "\(node.id):down" }
            return "\(node.id):\(status.softState.role)@\(status.hardState.term) commit=\(status.hardState.commit) last=\(status.lastIndex) applied=\(node.appliedIndex) voters=\(status.confState.voters) learners=\(status.confState.learners)"
        }
        throw SafetyChecker.Violation(message: "liveness: no commit on every member \(options.livenessTicks) ticks after the faults stopped [\(roles.joined(separator: ", "))]")
    }
}
