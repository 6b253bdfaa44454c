import Raft

/// Runs the `ReadEpisode`s mixed into the fault schedule, at most one at a time. An episode
/// cuts links of its own, which the random partitions neither heal nor restore.
extension Simulation {
    /// Called once per tick: starts an episode now and then, feeds the current one reads,
    /// ends its fault and then the episode on time.
    func runReadEpisode() throws(SafetyChecker.Violation) {
        guard var episode = readEpisode else {
            if chance(perMille: 80) { try beginReadEpisode() }
            return
        }
        if !episode.faultEnded && now >= episode.faultEndsAt {
            episode.faultEnded = true
            readEpisode = episode
            try endFault(of: episode)
        }
        if now >= episode.endsAt { return try finishReadEpisode() }
        if !episode.faultEnded { try writeAroundTarget(of: episode) }
        try issueEpisodeReads(episode)
    }

    /// Ends the current episode, its fault first if that still holds.
    func finishReadEpisode() throws(SafetyChecker.Violation) {
        if let episode = readEpisode, !episode.faultEnded { try endFault(of: episode) }
        network.heal(.episode)
        readEpisode = nil
    }

    /// Under `.handedOverLeader`, the moment its TimeoutNow leaves, the old leader stops
    /// hearing from anyone: the cut that keeps it from learning it was deposed.
    func leaderHandedOver(_ id: NodeID) {
        guard let episode = readEpisode, episode.kind == .handedOverLeader, episode.target == id,
              !episode.faultEnded else { return }
        network.partition(Set(allIDs.filter { $0 != id }), from: allIDs, oneWay: true, by: .episode)
        trace("episode: cut every link into \(id)")
    }

    private func beginReadEpisode() throws(SafetyChecker.Violation) {
        guard let leader, let conf = leader.raft?.status.confState else { return }
        // The rest must still hold a running majority: to elect a new leader, or to commit
        // what the lagging member misses.
        let running = conf.voters.filter { nodes[$0]?.isRunning == true }
        func quorumRemains(without id: NodeID) -> Bool {
            running.filter { $0 != id }.count > conf.voters.count / 2
        }
        let others = (conf.voters + conf.learners).filter {
            $0 != leader.id && nodes[$0]?.isRunning == true && quorumRemains(without: $0)
        }
        let canDepose = conf.voters.count >= 3 && conf.voters.contains(leader.id) && quorumRemains(without: leader.id)
        guard let kind = pick(episodeKinds(canDeposeLeader: canDepose, hasOtherMembers: !others.isEmpty)) else { return }
        let electionTicks = options.electionTicks
        let faultTicks = 3 * electionTicks + Int(rng.next() % UInt64(4 * electionTicks))
        var episode = ReadEpisode(kind: kind, target: leader.id, startedAt: now, faultEndsAt: now + faultTicks,
                                  endsAt: now + faultTicks)
        if kind == .laggingMember, let member = pick(others) {
            episode.target = member
            episode.endsAt += 2 * electionTicks
        }
        readEpisode = episode
        stats.readEpisodes += 1
        // It starts from a whole network; random partitions may come and go meanwhile.
        network.heal(.randomPartition)
        trace("episode: \(kind) of node \(episode.target) for \(faultTicks) ticks")
        switch kind {
        case .pausedLeader:
            try issueRead(on: leader)
            if leader.isRunning { leader.isPaused = true }
        case .isolatedLeader:
            try issueRead(on: leader)
            network.partition([leader.id], from: allIDs, oneWay: false, by: .episode)
        case .handedOverLeader:
            guard let successor = pick(conf.voters.filter { $0 != leader.id && nodes[$0]?.isRunning == true })
            else { return }
            try issueRead(on: leader)
            leader.raft?.transferLeadership(to: successor)
            try drain(leader)
        case .laggingMember:
            network.partition([episode.target], from: allIDs, oneWay: false, by: .episode)
            nodes[episode.target]?.isPaused = true
        }
    }

    /// Writes committed where the target cannot see them: what a stale read would miss.
    private func writeAroundTarget(of episode: ReadEpisode) throws(SafetyChecker.Violation) {
        guard chance(perMille: 500), let leader, leader.id != episode.target else { return }
        try proposeWrite(on: leader)
    }

    /// The kinds to draw from, repeated by weight. A leader whose lease holds may answer
    /// reads alone and a lease-mode pause ends with the ticks it missed, so lease-based runs
    /// lean on the hand-over, which ends a lease at once.
    private func episodeKinds(canDeposeLeader: Bool, hasOtherMembers: Bool) -> [ReadEpisode.Kind] {
        var kinds: [ReadEpisode.Kind] = hasOtherMembers ? [.laggingMember, .laggingMember] : []
        guard canDeposeLeader else { return kinds }
        kinds += [.handedOverLeader, .handedOverLeader, .isolatedLeader, .pausedLeader]
        kinds.append(options.readOnlyOption == .safe ? .pausedLeader : .handedOverLeader)
        return kinds
    }

    private func issueEpisodeReads(_ episode: ReadEpisode) throws(SafetyChecker.Violation) {
        switch episode.kind {
        case .pausedLeader:
            // Reads on its followers go to the paused leader while they still follow it.
            if chance(perMille: 300), let node = pick(members.filter { $0.isRunning && $0.id != episode.target }) {
                try issueRead(on: node)
            }
        case .isolatedLeader, .handedOverLeader:
            if let node = nodes[episode.target], node.isRunning { try issueRead(on: node) }
        case .laggingMember:
            if episode.faultEnded, let node = nodes[episode.target], node.isRunning { try issueRead(on: node) }
        }
    }

    private func endFault(of episode: ReadEpisode) throws(SafetyChecker.Violation) {
        trace("episode: \(episode.kind) of node \(episode.target) ends")
        network.heal(.episode)
        if episode.kind == .laggingMember {
            // Back, but over slow links: small read answers overtake the entries it lacks.
            for other in allIDs where other != episode.target {
                network.slow.insert(.init(from: other, to: episode.target))
            }
        }
        guard let node = nodes[episode.target], node.isAlive, node.isPaused else { return }
        try resume(node, pausedAt: episode.startedAt)
    }

    /// Lease-based reads trust the leader's clock, and a real pause stops the process, not
    /// time: in that mode a paused leader first catches up on the ticks it missed (a
    /// follower's slow clock only keeps its promise not to vote longer). Otherwise it resumes
    /// as etcd's ticker does, missed ticks dropped, and handles the reads that queued up while
    /// it was paused before anything else.
    private func resume(_ node: SimulatedNode, pausedAt: Int) throws(SafetyChecker.Violation) {
        node.isPaused = false
        if options.readOnlyOption == .leaseBased && node.role == .leader {
            for _ in pausedAt..<now where node.isRunning {
                node.raft!.tick()
                try drain(node)
            }
        }
        for _ in 0..<2 { try issueRead(on: node) }
    }
}
