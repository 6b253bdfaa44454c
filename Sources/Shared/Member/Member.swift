import Glibc
import LogEntries
import MVCC
import NIOCore
import NIOPosix
import Raft
import Synchronization
import WAL

/// One kvd member: drives its Raft node, makes each `Ready` durable in the WAL (one fsync
/// for every proposal that arrived meanwhile), sends messages through the transport, and
/// hands committed entries to the `StoreApplier`, which applies them behind the loop and
/// answers the clients waiting on them.
public actor Member {
    /// The member's own thread: its Raft loop never queues behind client requests on Swift's
    /// shared pool, and the blocking calls left on it (a commit-only WAL write, a compaction's
    /// store sync, restoring a snapshot) hold up nothing else.
    private nonisolated let loopGroup = MultiThreadedEventLoopGroup(numberOfThreads: 1)
    /// Asked for on every hop to the member: taken from the group once, not per hop.
    private nonisolated let loopExecutor: any SerialExecutor
    public nonisolated var unownedExecutor: UnownedSerialExecutor {
        loopExecutor.asUnownedSerialExecutor()
    }
    public nonisolated let id: NodeID
    public nonisolated let clusterID: UInt64
    /// Read directly for serializable reads and watches; writes go through `propose`.
    public nonisolated let store: MVCCStore
    public nonisolated let startupWarnings: [String]
    let config: MemberConfig
    var node: RaftNode
    let log: DurableLog
    let walWriter: WALWriter
    /// While a `Ready` is with the WAL writer no other is taken, and the log is left alone.
    var pipeline = ReadyPipeline()
    let transport: any PeerTransport
    /// As of the entries handed to the applier (conf changes are applied here, at once).
    var confState: ConfState
    let applier: StoreApplier
    /// How far the store has applied, as the applier last reported.
    var storeApplied: AppliedPoint
    /// The last committed index handed to the applier (or restored from a snapshot).
    var handedOver: UInt64
    var lastSnapshotIndex: UInt64
    /// The member's clock, in ticks, for request deadlines.
    var now: UInt64 = 0
    /// Numbers this run's proposals. It starts at a random point each run: an entry from an
    /// earlier run of this member can still arrive (the leader may commit a proposal after a
    /// crash), and must not match a waiter of this one.
    var sequence = UInt64.random(in: 1 ... (1 << 62))
    var writes: [UInt64: WriteWaiter] = [:]
    var reads = ReadCoalescer<CheckedContinuation<Void, any Error>>(firstContext: .random(in: 1 ... (1 << 62)))
    /// Membership changes proposed here, by sequence number.
    var membershipWaiters: [UInt64: MembershipWaiter] = [:]
    var drainScheduled = false
    var tickTask: Task<Void, Never>?
    var stopped = false
    var observers: [any ApplyObserver] = []
    /// Store files received from the leader, by snapshot index, until Raft takes the snapshot.
    var incomingSnapshots: [UInt64: String] = [:]
    /// Where snapshot files of the store are made and received.
    public nonisolated let snapshotDirectory: String
    /// Who is in the cluster and where they listen, as the log says as far as it is applied
    /// (rebuilt from the snapshot and the log at every start, so all members agree on it).
    public internal(set) var cluster: ClusterInfo
    /// The members `--initial-cluster` (or, for a member that joined later, a peer) named.
    let bootstrapCluster: ClusterInfo
    /// The membership for the peer side: the log's, plus bootstrap's members not yet in it.
    public nonisolated let membership: MembershipView
    /// Yields once if this member learns it was removed from the cluster; it then stops.
    public nonisolated let removal: AsyncStream<Void>
    let removalContinuation: AsyncStream<Void>.Continuation
    /// Set once the member learns the cluster removed it.
    public internal(set) var removedFromCluster = false
    public nonisolated let metrics = ServerMetrics()
    var lastLeader: NodeID = noNode
    /// The tick of the last proposal of this member's attributes (nil: none yet).
    var attributesProposedAt: UInt64?
    /// The leader as the last `Ready` told it (none while there is none).
    private nonisolated let knownLeader = Atomic<NodeID>(noNode)
    /// The Raft term as last persisted, for response headers without a hop to the actor
    /// (which may be in the middle of an fsync).
    private nonisolated let knownTerm = Atomic<UInt64>(0)

    struct MembershipWaiter {
        var waiter: Waiter<[MemberInfo]>
        var change: MembershipChange
        /// Where it landed in this member's log, once seen there (Raft did not drop it).
        var index: UInt64?
        var term: UInt64?
        var proposedAt: UInt64
    }

    /// Opens the member's data directory, or creates it for a founding member.
    public init(config: MemberConfig, transport: any PeerTransport) throws {
        let metadata = WALMetadata(memberID: config.id, clusterID: config.clusterID, extra: config.walMetadataExtra)
        let log: DurableLog
        if DurableLog.exists(layout: config.layout) {
            let opened = try DurableLog.open(layout: config.layout)
            guard opened.metadata.clusterID == config.clusterID, opened.metadata.memberID == config.id else {
                throw MemberError.corruptLog(
                    "data directory \(config.dataDirectory) belongs to member \(hexID(opened.metadata.memberID)) of cluster \(hexID(opened.metadata.clusterID)), not member \(hexID(config.id)) of cluster \(hexID(config.clusterID))")
            }
            log = opened.log
        } else {
            log = try DurableLog.create(layout: config.layout, metadata: metadata, founding: config.foundingChanges)
        }
        let snapshot = try log.storage.snapshot()
        var raftConfig = RaftConfig(id: config.id, randomSeed: UInt64.random(in: .min ... .max))
        raftConfig.electionTicks = config.electionTicks
        raftConfig.heartbeatTicks = config.heartbeatTicks
        // Replay everything after the snapshot: the store skips what it already applied
        // (it records its applied index), and conf changes rebuild Raft's configuration.
        raftConfig.applied = snapshot.metadata.index
        self.node = try RaftNode(config: raftConfig, storage: log.storage)
        // The WAL keeps every entry until the store has been synced past it (`compactIfDue`),
        // so a store commit needs integrity, not durability: what a crash undoes is replayed.
        self.store = try MVCCStore(path: config.storePath, options: MVCCStore.Options(
            mapSizeBytes: config.storeMapSizeBytes, metaSyncOnCommit: false))
        self.id = config.id
        self.clusterID = config.clusterID
        self.config = config
        self.log = log
        self.walWriter = WALWriter(log: log, memberID: config.id)
        self.loopExecutor = loopGroup.next().executor
        self.transport = transport
        self.confState = snapshot.metadata.confState
        self.lastSnapshotIndex = snapshot.metadata.index
        self.handedOver = snapshot.metadata.index
        self.startupWarnings = log.warnings
        self.snapshotDirectory = config.layout.snapshotDirectory
        Self.removeTransferLeftovers(in: config.layout.snapshotDirectory)
        let bootstrap = config.cluster ?? ClusterInfo(clusterID: config.clusterID, members: [])
        let cluster = try Self.cluster(in: snapshot) ?? ClusterInfo(clusterID: config.clusterID, members: [])
        self.cluster = cluster
        self.storeApplied = AppliedPoint(index: snapshot.metadata.index, confState: snapshot.metadata.confState,
                                         cluster: cluster)
        self.applier = StoreApplier(store: store, metrics: metrics, memberID: config.id)
        self.bootstrapCluster = bootstrap
        self.membership = MembershipView(cluster.including(bootstrap: bootstrap))
        (removal, removalContinuation) = AsyncStream<Void>.makeStream()
        transport.membershipChanged(membership.current)
        knownTerm.store(node.hardState.term, ordering: .relaxed)
    }

    deinit {
        // Nothing can be enqueued on the member any more: its thread may go.
        loopGroup.shutdownGracefully { _ in }
    }

    // MARK: Driving

    /// Ticks every `interval` until `stop()`.
    public func start(tickInterval: Duration) {
        precondition(tickTask == nil, "member started twice")
        scheduleDrain()
        tickTask = Task { [weak self] in
            while !Task.isCancelled {
                try? await Task.sleep(for: tickInterval)
                await self?.tick()
            }
        }
    }

    public func tick() {
        guard !stopped else { return }
        now += 1
        node.tick()
        expireWaiters()
        retryUnansweredReads()
        retryDroppedMembershipChanges()
        publishAttributesIfNeeded()
        metrics.proposalsPending.set(Int64(writes.count))
        drain()
    }

    /// Proposes this member's name and client URLs until the log shows them: as soon as there
    /// is a leader to take the proposal, then again every election timeout.
    func publishAttributesIfNeeded() {
        guard let attributes = config.attributes, !attributesPublished, leader != noNode else { return }
        if let last = attributesProposedAt, now - last < UInt64(config.electionTicks) { return }
        attributesProposedAt = now
        try? node.propose(attributes.encoded())
    }

    /// Whether the cluster's membership shows this member's name and client URLs, as the
    /// member list must before the member calls itself ready (etcd's publish).
    public var attributesPublished: Bool {
        guard let attributes = config.attributes else { return true }
        let known = cluster.member(id)
        return known?.clientURLs == attributes.clientURLs && known?.name == attributes.name
    }

    /// The leader as this member last heard (`noNode` while it knows none), readable without
    /// waiting on the member: for checks on every request.
    public nonisolated var leader: NodeID { knownLeader.load(ordering: .relaxed) }

    func observeLeader(_ lead: NodeID) {
        knownLeader.store(lead, ordering: .relaxed)
        metrics.hasLeader.set(Int64(lead == noNode ? 0 : 1))
        if lead != noNode && lead != lastLeader { metrics.leaderChanges.increment() }
        if lead != noNode { lastLeader = lead }
        failRequestsOfOtherLeaders(current: lead)
    }

    /// Messages from peers.
    public func receive(_ messages: [Message]) {
        guard !stopped else { return }
        for message in messages where message.to == id {
            try? node.step(message)
        }
        scheduleDrain()
    }

    public func reportUnreachable(_ peer: NodeID) {
        node.reportUnreachable(peer)
    }

    public func reportSnapshot(_ peer: NodeID, succeeded: Bool) {
        node.reportSnapshot(peer, succeeded: succeeded)
        scheduleDrain()
    }

    public func campaign() throws {
        try node.campaign()
        scheduleDrain()
    }

    /// Hands leadership to `peer` and waits, at most `timeout`, for it to lead; whether it does.
    public func transferLeadership(to peer: NodeID, timeout: Duration) async -> Bool {
        node.transferLeadership(to: peer)
        scheduleDrain()
        let poll = Duration.milliseconds(10)
        for _ in 0...Int(timeout / poll) {
            if leader == peer { return true }
            guard (try? await Task.sleep(for: poll)) != nil else { return false }
        }
        return false
    }

    /// What a stopping leader does, as etcd's: hands over to the most up-to-date other voter,
    /// so the cluster has a leader at once instead of after an election timeout. The voter it
    /// handed over to, or nil (not the leader, no other voter, or the transfer timed out).
    public func handOverLeadership(timeout: Duration) async -> NodeID? {
        let status = node.status
        guard status.softState.lead == id,
              let successor = status.confState.voters.filter({ $0 != id })
                  .max(by: { (status.matchIndex[$0] ?? 0) < (status.matchIndex[$1] ?? 0) })
        else { return nil }
        return await transferLeadership(to: successor, timeout: timeout) ? successor : nil
    }

    public var status: RaftStatus { node.status }

    /// The current Raft term, for response headers, readable without waiting on the member.
    public nonisolated var term: UInt64 { knownTerm.load(ordering: .relaxed) }

    /// Adds an observer of every applied batch (watches, leases).
    public func observe(_ observer: any ApplyObserver) {
        observers.append(observer)
    }

    public var applied: UInt64 { storeApplied.index }

    /// Stops serving: waiting clients get `stopped`; the WAL and the store are closed.
    public func stop() throws {
        guard !stopped else { return }
        stopped = true
        tickTask?.cancel()
        for write in writes.values { write.waiter.continuation.resume(throwing: MemberError.stopped) }
        for read in reads.removeAll() { read.resume(throwing: MemberError.stopped) }
        for pending in membershipWaiters.values { pending.waiter.continuation.resume(throwing: MemberError.stopped) }
        writes = [:]
        membershipWaiters = [:]
        removalContinuation.finish()
        try walWriter.whenIdle { try log.close() }
        applier.whenIdle { store.close() }
    }

    // MARK: The Ready loop

    /// Work arriving while the loop is pending joins the same `Ready`: group commit.
    func scheduleDrain() {
        guard !drainScheduled, !stopped else { return }
        drainScheduled = true
        Task { self.drain() }
    }

    /// Takes `Ready`s until Raft has none or one is with the WAL writer: while that one is
    /// being synced, the member goes on stepping messages, proposals and ticks, and `written`
    /// picks the loop up again.
    func drain() {
        drainScheduled = false
        var rounds = 0
        while !stopped, let taken = pipeline.take(from: &node) {
            rounds += 1
            precondition(rounds <= 1_000, "member \(hexID(id)) never runs out of Raft work")
            let rd = taken.ready
            transport.send(taken.sendNow.filter { $0.kind != .snapshot })
            for message in taken.sendNow where message.kind == .snapshot { sendSnapshot(message) }
            // The store takes a snapshot before the log records it: a crash in between leaves
            // a store ahead of its log, which replays harmlessly, never one behind.
            if let snapshot = rd.snapshot { restoreStore(from: snapshot) }
            // Proposals first: one that reached the log waits for the new leader's verdict.
            trackProposals(rd.entries)
            // Answers before a leader change: a round the old leader confirmed stays confirmed.
            for state in rd.readStates { reads.answered(context: state.context, index: state.index) }
            if let soft = rd.softState { observeLeader(soft.lead) }
            if rd.mustSync || rd.snapshot != nil {
                walWriter.write(rd) { duration in
                    Task { await self.written(syncedIn: duration) }
                }
                return
            }
            // Nothing to sync (a commit index at most): written here, the writer being idle.
            do {
                try log.write(rd)
            } catch {
                fatalError("member \(hexID(id)) cannot persist its Raft log: \(error)")
            }
            finish(pipeline.persisted())
        }
    }

    /// The WAL writer synced the `Ready` in flight.
    func written(syncedIn duration: Duration) {
        precondition(pipeline.isPersisting, "member \(hexID(id)): a write finished that was never started")
        guard !stopped else { return }
        metrics.walFsyncDuration.record(duration)
        finish(pipeline.persisted())
        drain()
    }

    /// What follows the WAL write: Raft's storage sees the entries, the messages that had to
    /// wait for the disk go out, committed entries go to the applier, and the node advances.
    func finish(_ released: ReadyPipeline.Released) {
        let rd = released.ready
        do {
            try log.publish(rd)
        } catch {
            fatalError("member \(hexID(id)) cannot take its persisted log back: \(error)")
        }
        if let hard = rd.hardState { knownTerm.store(hard.term, ordering: .relaxed) }
        transport.send(released.sendNow)
        apply(released.committedEntries)
        pipeline.finish(&node)
        answerReads()
        compactIfDue()
    }

    func apply(_ committedEntries: [Entry]) {
        var batch: [IndexedRequest] = []
        var proposers: [UInt64: (member: NodeID, sequence: UInt64)] = [:]
        for entry in committedEntries {
            switch entry.kind {
            case .confChange:
                guard let change = ConfChange(decoding: entry.data) else {
                    fatalError("member \(hexID(id)): committed entry \(entry.index) is not a conf change")
                }
                applyMembership(change)
            case .normal:
                guard let payload = try? LogEntryPayload(decoding: entry.data) else {
                    fatalError("member \(hexID(id)): committed entry \(entry.index) does not decode")
                }
                switch payload {
                case .noOp:
                    break
                case .proposed(let proposal):
                    batch.append(IndexedRequest(index: entry.index, request: proposal.request))
                    proposers[entry.index] = (proposal.proposer, proposal.sequence)
                case .request(let request):
                    batch.append(IndexedRequest(index: entry.index, request: request))
                case .memberAttributes(let attributes):
                    record(attributes)
                }
            }
        }
        guard let first = committedEntries.first?.index, let last = committedEntries.last?.index else { return }
        precondition(first == handedOver + 1,
                     "member \(hexID(id)): committed entries from \(first) handed over after \(handedOver)")
        handedOver = last
        var waiters: [UInt64: CheckedContinuation<Response, any Error>] = [:]
        for (index, proposer) in proposers where proposer.member == id {
            if let write = writes.removeValue(forKey: proposer.sequence) { waiters[index] = write.waiter.continuation }
        }
        let point = AppliedPoint(index: last, confState: confState, cluster: cluster)
        metrics.proposalsCommitted.set(Int64(node.hardState.commit))
        applier.submit(StoreApplier.Batch(requests: batch, point: point, waiters: waiters), observers: observers) { point in
            Task { await self.storeApplied(through: point) }
        }
    }

    /// The applier's report: reads waiting for the apply are answered, and the log may be
    /// compacted behind it. Reports may arrive out of order; only a later point counts.
    func storeApplied(through point: AppliedPoint) {
        guard !stopped, point.index > storeApplied.index else { return }
        storeApplied = point
        metrics.proposalsApplied.set(Int64(point.index))
        answerReads()
        compactIfDue()
        if node.hasReady { scheduleDrain() }
    }

    /// Keeps a member's published attributes; snapshots carry them once the log is compacted.
    func record(_ attributes: MemberAttributes) {
        guard let index = cluster.members.firstIndex(where: { $0.id == attributes.id }) else { return }
        var updated = cluster
        updated.members[index].name = attributes.name
        updated.members[index].clientURLs = attributes.clientURLs
        setCluster(updated)
    }

}

/// Best effort: a leftover snapshot file wastes space but harms nothing.
public func removeFile(_ path: String) {
    unlink(path)
}

/// Member and cluster ids print as etcd prints them: 16 hex digits.
public func hexID(_ value: UInt64) -> String {
    let digits = String(value, radix: 16)
    return String(repeating: "0", count: max(0, 16 - digits.count)) + digits
}
