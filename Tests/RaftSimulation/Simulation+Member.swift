import Raft

/// A member's life: start from its disk, process `Ready`s in the order the contract demands,
/// apply, compact, crash.
extension Simulation {
    func start(_ id: NodeID) throws(SafetyChecker.Violation) {
        guard let node = nodes[id] else { return }
        node.restoreApplicationFromDisk()
        node.incarnation += 1
        var config = RaftConfig(id: id, randomSeed: options.seed &* 31 &+ id &* 1_000_003 &+ UInt64(node.incarnation))
        config.electionTicks = options.electionTicks
        config.heartbeatTicks = options.heartbeatTicks
        config.applied = node.appliedIndex
        config.readOnlyOption = options.readOnlyOption
        config.maxSizePerMessageBytes = maxSizePerMessageBytes
        config.maxInflightMessages = maxInflightMessages
        do {
            node.raft = try RaftNode(config: config, storage: node.storage)
        } catch {
            throw SafetyChecker.Violation(message: "node \(id) cannot restart from its disk: \(error)")
        }
        try checker.checkSnapshotState(index: node.appliedIndex, state: node.stateHash, on: id)
        trace("start node \(id) (incarnation \(node.incarnation)) applied=\(node.appliedIndex)")
    }

    func crash(_ node: SimulatedNode) {
        trace("crash node \(node.id)")
        node.raft = nil
        node.isPaused = false
        node.waitingReads = []
        node.pipeline = ReadyPipeline()
        node.ledTerm = nil
        stats.crashes += 1
    }

    /// Handles every `Ready` the node has, bounded: each round can only make a little more work.
    /// Each goes through the `ReadyPipeline` kvd's member uses. With `persistBehindTheLoop`, a
    /// Ready may stay with the disk while the node is stepped by whatever happens next; a later
    /// drain finishes it (or a crash loses it).
    func drain(_ node: SimulatedNode) throws(SafetyChecker.Violation) {
        var rounds = 0
        while rounds < 64, node.raft != nil {
            rounds += 1
            try noteLeadership(node)
            if node.pipeline.isPersisting {
                // The fsync ends at a random later moment.
                guard rng.next() % 2 == 0 else { return }
                try finish(node)
                continue
            }
            guard let taken = node.pipeline.take(from: &node.raft!) else { return }
            let rd = taken.ready
            // A commit counts from the moment a member reaches it: a crash before the fsync
            // does not uncommit its entries.
            if let hard = rd.hardState { checker.observeCommit(hard.commit) }
            try observeRoles(node, rd)
            for m in taken.sendNow { send(m) }
            // A crash between sending and persisting loses this Ready's state, as a power cut would.
            if faultsActive && rng.next() % 1000 < 2 {
                crash(node)
                return
            }
            if options.persistBehindTheLoop && rng.next() % 2 == 0 { return }
            try finish(node)
        }
        precondition(rounds < 64, "node \(node.id) never ran out of Ready work")
    }

    /// The fsync, then what follows it: the messages that had to wait for it, the apply, `advance`.
    private func finish(_ node: SimulatedNode) throws(SafetyChecker.Violation) {
        guard let rd = node.pipeline.persisting else { preconditionFailure("node \(node.id) finishes no Ready") }
        try persist(node, rd)
        let released = node.pipeline.persisted()
        for m in released.sendNow { send(m) }
        // A crash after the fsync, before the apply: the entries are durable, nothing is applied.
        if faultsActive && rng.next() % 1000 < 2 {
            crash(node)
            return
        }
        try apply(node, snapshot: rd.snapshot, committedEntries: released.committedEntries)
        for read in rd.readStates {
            try receiveReadPoint(index: read.index, context: read.context, on: node)
        }
        try serveReads(node)
        node.pipeline.finish(&node.raft!)
        compactIfDue(node)
    }

    private func observeRoles(_ node: SimulatedNode, _ rd: Ready) throws(SafetyChecker.Violation) {
        guard let soft = rd.softState else { return }
        trace("node \(node.id) is \(soft.role) of term \(node.term), leader \(soft.lead)")
    }

    /// Leadership is checked when the node takes it (every step is followed by a drain), not
    /// when a `Ready` reports it: that one may wait behind a Ready being persisted, and by
    /// then the rest of the cluster may have moved on without the node.
    private func noteLeadership(_ node: SimulatedNode) throws(SafetyChecker.Violation) {
        guard node.raft!.softState.role == .leader, node.ledTerm != node.raft!.hardState.term else { return }
        node.ledTerm = node.raft!.hardState.term
        stats.elections += 1
        try checker.observeLeader(node.id, term: node.ledTerm!)
        try checker.checkLeaderCompleteness(node.raft!)
    }

    private func persist(_ node: SimulatedNode, _ rd: Ready) throws(SafetyChecker.Violation) {
        if let snapshot = rd.snapshot {
            do {
                try node.storage.applySnapshot(snapshot)
            } catch {
                throw SafetyChecker.Violation(message: "node \(node.id) was handed a stale snapshot at \(snapshot.metadata.index)")
            }
        }
        node.storage.append(rd.entries)
        for entry in rd.entries {
            let previous = entry.index > 1 ? try? node.storage.term(at: entry.index - 1) : 0
            try checker.observePersisted(entry, previousTerm: previous, on: node.id)
        }
        if let hard = rd.hardState { node.storage.setHardState(hard) }
    }

    private func apply(_ node: SimulatedNode, snapshot: Snapshot?, committedEntries: [Entry]) throws(SafetyChecker.Violation) {
        if let snapshot {
            node.appliedIndex = snapshot.metadata.index
            node.stateHash = SimulatedNode.decodeState(snapshot.data)
            node.confState = snapshot.metadata.confState
            try checker.checkSnapshotState(index: node.appliedIndex, state: node.stateHash, on: node.id)
            trace("node \(node.id) restored snapshot at \(snapshot.metadata.index)")
        }
        for entry in committedEntries {
            guard entry.index == node.appliedIndex + 1 else {
                throw SafetyChecker.Violation(message: "node \(node.id) was handed entry \(entry.index) after applying \(node.appliedIndex)")
            }
            if entry.kind == .confChange {
                guard let change = ConfChange(decoding: entry.data) else {
                    throw SafetyChecker.Violation(message: "node \(node.id) committed an undecodable conf change at \(entry.index)")
                }
                do {
                    node.confState = try node.raft!.applyConfChange(change)
                } catch {
                    throw SafetyChecker.Violation(message: "node \(node.id) could not apply \(change): \(error)")
                }
                trace("node \(node.id) applied \(change.kind) \(change.nodeID) at \(entry.index): voters \(node.confState.voters) learners \(node.confState.learners)")
            }
            node.stateHash = nextStateHash(node.stateHash, entry)
            node.appliedIndex = entry.index
            if entry.data == livenessMarker, markerIndex == nil { markerIndex = entry.index }
            try checker.observeApplied(entry, stateAfter: node.stateHash, on: node.id)
            stats.committedEntries += 1
        }
    }

    /// Snapshots every few applied entries and keeps a short tail of log, so lagging members
    /// need snapshots.
    private func compactIfDue(_ node: SimulatedNode) {
        let first = node.storage.firstIndex()
        guard node.appliedIndex >= first + 20 else { return }
        let data = SimulatedNode.encodeState(node.stateHash)
        guard (try? node.storage.createSnapshot(index: node.appliedIndex, confState: node.confState, data: data)) != nil
        else { return }
        try? node.storage.compact(upTo: node.appliedIndex - 5)
    }

    var livenessMarker: [UInt8] { Array("liveness-\(options.seed)".utf8) }
}
