/// The Raft state machine of one member: messages and ticks in, messages and log changes
/// out. No clock, no I/O, no threads; `RaftNode` wraps it in the `Ready`/`advance` protocol.
struct RaftMachine {
    let id: NodeID
    let config: RaftConfig
    private(set) var term: UInt64 = 0
    private(set) var vote: NodeID = noNode
    var log: RaftLog
    var tracker: ProgressTracker
    private(set) var role: Role = .follower
    private(set) var lead: NodeID = noNode
    /// Outgoing messages, collected by `RaftNode.ready()`.
    var messages: [Message] = []
    var readStates: [ReadState] = []

    private var leadTransferee: NodeID = noNode
    /// The log index at or below which a conf change may still be unapplied; a new one
    /// is refused until the application has applied past it.
    private var pendingConfIndex: UInt64 = 0
    private var uncommittedBytes: UInt64 = 0
    /// Proposals were appended and not yet sent to followers.
    private(set) var pendingBroadcast = false
    private var readOnly = ReadOnlyQueue()
    /// ReadIndex requests that arrived before this leader committed an entry of its term.
    private var pendingReadIndexMessages: [Message] = []
    private var electionElapsed = 0
    private var heartbeatElapsed = 0
    private var randomizedElectionTimeout = 0
    private var rng: SplitMix64
    /// A leader's lease clock: ticks since it became leader, starting at 1 so zero means "never".
    private var leaderTicks: UInt64 = 1
    /// Set once this leader has sent TimeoutNow: the target may win at any moment.
    private var leaseRevoked = false
    /// A member that just started may have promised a leader not to vote before it
    /// crashed; where leases are trusted for reads it keeps that promise for an election timeout.
    private var startupLeaseTicks: Int

    static let campaignTransferContext: [UInt8] = Array("CampaignTransfer".utf8)

    init(config: RaftConfig, storage: RaftStorage) throws(RaftError) {
        try config.validate()
        self.id = config.id
        self.config = config
        self.rng = SplitMix64(seed: config.randomSeed)
        self.log = RaftLog(storage: storage, maxApplyingBytes: config.maxCommittedSizePerReadyBytes)
        self.tracker = ProgressTracker(maxInflight: config.maxInflightMessages, maxInflightBytes: config.maxInflightBytes)
        self.startupLeaseTicks = config.readOnlyOption == .leaseBased ? config.electionTicks : 0
        let (hardState, confState) = storage.initialState()
        tracker.setConfiguration(confState, nextIndex: log.lastIndex + 1)
        if !hardState.isEmpty {
            guard hardState.commit >= log.committed, hardState.commit <= log.lastIndex else {
                throw .invalidConfig("hard state commit \(hardState.commit) is outside [\(log.committed), \(log.lastIndex)]")
            }
            log.commitTo(hardState.commit)
            term = hardState.term
            vote = hardState.vote
        }
        if config.applied > 0 {
            guard config.applied <= log.committed else {
                throw .invalidConfig("applied \(config.applied) is beyond commit \(log.committed)")
            }
            log.appliedTo(config.applied)
        }
        becomeFollower(term: term, lead: noNode)
    }

    var hardState: HardState { HardState(term: term, vote: vote, commit: log.committed) }

    var softState: SoftState { SoftState(lead: lead, role: role) }

    var isLearner: Bool { tracker.progress[id]?.isLearner ?? false }

    /// Only a voter in the current configuration may campaign; a removed member never does.
    var promotable: Bool { tracker.isVoter(id) && !log.hasPendingSnapshot }

    // MARK: Sending

    private mutating func send(_ message: Message) {
        var m = message
        m.from = id
        switch m.kind {
        case .vote, .voteResponse, .preVote, .preVoteResponse:
            // These carry the term they are about (the campaign's), set by the caller.
            precondition(m.term != 0, "\(m.kind) without a term")
        default:
            precondition(m.term == 0, "\(m.kind) with a preset term")
            // Proposals and ReadIndex forwarded to the leader keep term 0 (local semantics).
            if m.kind != .propose && m.kind != .readIndex && m.kind != .transferLeader { m.term = term }
        }
        messages.append(m)
    }

    /// Sends an append (or a snapshot) to `to` if its progress allows; returns whether it sent.
    @discardableResult
    mutating func maybeSendAppend(to: NodeID, sendIfEmpty: Bool) -> Bool {
        guard var pr = tracker.progress[to], !pr.isPaused else { return false }
        let prevIndex = pr.next - 1
        let prevTerm = log.term(at: prevIndex)
        let entries = try? log.entries(from: pr.next, maxBytes: config.maxSizePerMessageBytes)
        if let entries, entries.isEmpty, !sendIfEmpty { return false }
        guard let prevTerm, let entries else { return maybeSendSnapshot(to: to) }
        let bytes = entries.reduce(0) { $0 + $1.sizeBytes }
        pr.sentEntries(entries.count, bytes: bytes)
        tracker.progress[to] = pr
        send(Message(kind: .append, to: to, logTerm: prevTerm, index: prevIndex, entries: entries,
                     commit: log.committed))
        return true
    }

    private mutating func maybeSendSnapshot(to: NodeID) -> Bool {
        guard var pr = tracker.progress[to], pr.recentActive else { return false }
        guard let snapshot = try? log.snapshot() else { return false }
        precondition(!snapshot.isEmpty, "need a snapshot for \(to) but there is none")
        pr.becomeSnapshot(index: snapshot.metadata.index)
        tracker.progress[to] = pr
        send(Message(kind: .snapshot, to: to, snapshot: snapshot))
        return true
    }

    mutating func sendAppend(to: NodeID) { maybeSendAppend(to: to, sendIfEmpty: true) }

    private mutating func broadcastAppend() {
        for member in tracker.members where member != id { sendAppend(to: member) }
    }

    private mutating func broadcastHeartbeat(context: [UInt8] = []) {
        for member in tracker.members where member != id {
            let match = tracker.progress[member]?.match ?? 0
            send(Message(kind: .heartbeat, to: member, commit: min(match, log.committed), context: context,
                         leaseTick: leaderTicks))
        }
    }

    // MARK: Role changes

    private mutating func reset(term newTerm: UInt64) {
        if term != newTerm {
            term = newTerm
            vote = noNode
        }
        lead = noNode
        electionElapsed = 0
        heartbeatElapsed = 0
        randomizedElectionTimeout = config.electionTicks + Int(rng.next() % UInt64(config.electionTicks))
        leadTransferee = noNode
        tracker.resetVotes()
        let stable = log.lastStableIndex
        for member in tracker.members {
            var pr = tracker.newProgress(match: 0, next: log.lastIndex + 1, isLearner: tracker.progress[member]!.isLearner)
            if member == id { pr.match = stable }
            tracker.progress[member] = pr
        }
        pendingConfIndex = 0
        uncommittedBytes = 0
        readOnly = ReadOnlyQueue()
        pendingReadIndexMessages = []
    }

    mutating func becomeFollower(term: UInt64, lead: NodeID) {
        reset(term: term)
        self.lead = lead
        role = .follower
    }

    private mutating func becomePreCandidate() {
        precondition(role != .leader, "leader cannot become pre-candidate")
        // Neither the term nor the vote changes: a pre-vote costs the cluster nothing.
        tracker.resetVotes()
        lead = noNode
        role = .preCandidate
    }

    private mutating func becomeCandidate() {
        precondition(role != .leader, "leader cannot become candidate")
        reset(term: term + 1)
        vote = id
        role = .candidate
    }

    private mutating func becomeLeader() {
        precondition(role == .candidate, "only a candidate becomes leader, not a \(role)")
        precondition(tracker.isVoter(id), "member \(id) would lead without being a voter")
        reset(term: term)
        lead = id
        role = .leader
        leaderTicks = 1
        leaseRevoked = false
        tracker.progress[id]!.becomeReplicate()
        // The empty entry commits the log of earlier terms (Figure 8), and no conf change
        // may be proposed until it is applied (the single-server change rule).
        let appended = appendEntries([Entry()])
        precondition(appended, "the leader's empty entry was refused")
        pendingConfIndex = log.lastIndex
    }

    // MARK: Ticks

    mutating func tick() {
        if startupLeaseTicks > 0 { startupLeaseTicks -= 1 }
        if role == .leader { tickHeartbeat() } else { tickElection() }
    }

    private mutating func tickElection() {
        electionElapsed += 1
        if promotable && electionElapsed >= randomizedElectionTimeout {
            electionElapsed = 0
            hup(transfer: false)
        }
    }

    private mutating func tickHeartbeat() {
        heartbeatElapsed += 1
        electionElapsed += 1
        leaderTicks += 1
        if electionElapsed >= config.electionTicks {
            electionElapsed = 0
            if config.checkQuorum { checkQuorum() }
            if role == .leader && !tracker.isVoter(id) {
                becomeFollower(term: term, lead: noNode)
                return
            }
            if role == .leader && leadTransferee != noNode { leadTransferee = noNode }
        }
        guard role == .leader else { return }
        if heartbeatElapsed >= config.heartbeatTicks {
            heartbeatElapsed = 0
            broadcastHeartbeat()
        }
    }

    /// A leader that has not heard from a quorum within an election timeout steps down,
    /// so a partitioned leader stops serving.
    private mutating func checkQuorum() {
        let active = tracker.quorumActive(leader: id)
        for member in tracker.members where member != id { tracker.progress[member]?.recentActive = false }
        if !active { becomeFollower(term: term, lead: noNode) }
    }

    // MARK: Elections

    /// Whether committed but unapplied entries hold a conf change: campaigning then could
    /// count votes under the wrong configuration.
    private var hasUnappliedConfChanges: Bool {
        guard log.committed > log.applied else { return false }
        guard let entries = try? log.slice(log.applied + 1, log.committed + 1, maxBytes: .max) else { return true }
        return entries.contains { $0.kind == .confChange }
    }

    mutating func hup(transfer: Bool) {
        guard role != .leader, promotable, !hasUnappliedConfChanges else { return }
        if config.preVote && !transfer { campaign(preVote: true, transfer: false) } else { campaign(preVote: false, transfer: transfer) }
    }

    private mutating func campaign(preVote: Bool, transfer: Bool) {
        let voteTerm: UInt64
        let kind: MessageKind
        if preVote {
            becomePreCandidate()
            voteTerm = term + 1
            kind = .preVote
        } else {
            becomeCandidate()
            voteTerm = term
            kind = .vote
        }
        switch tracker.recordVote(from: id, granted: true) {
        case .won:
            if preVote { campaign(preVote: false, transfer: transfer) } else { becomeLeader() }
            return
        case .lost, .pending:
            break
        }
        for voter in tracker.voters where voter != id {
            send(Message(kind: kind, to: voter, term: voteTerm, logTerm: log.lastTerm, index: log.lastIndex,
                         context: transfer ? Self.campaignTransferContext : []))
        }
    }

    // MARK: Stepping

    mutating func step(_ m: Message) throws(RaftError) {
        if m.term > term && m.term != 0 {
            if m.kind == .vote || m.kind == .preVote {
                let forced = m.context == Self.campaignTransferContext
                let inLease = config.checkQuorum
                    && ((lead != noNode && electionElapsed < config.electionTicks) || startupLeaseTicks > 0)
                // A member that hears from a live leader ignores campaigns: a rejoining
                // member with a high term cannot depose a healthy leader.
                if !forced && inLease { return }
            }
            switch m.kind {
            case .preVote:
                break
            case .preVoteResponse where !m.reject:
                break
            case .append, .heartbeat, .snapshot:
                becomeFollower(term: m.term, lead: m.from)
            default:
                becomeFollower(term: m.term, lead: noNode)
            }
        } else if m.term < term && m.term != 0 {
            if (config.checkQuorum || config.preVote) && (m.kind == .heartbeat || m.kind == .append) {
                // Tell a stale leader about the newer term so it steps down.
                send(Message(kind: .appendResponse, to: m.from))
            } else if m.kind == .preVote {
                send(Message(kind: .preVoteResponse, to: m.from, term: term, reject: true))
            }
            return
        }

        switch m.kind {
        case .voteResponse, .preVoteResponse:
            learnCommit(from: m)
        default:
            break
        }
        switch m.kind {
        case .hup:
            hup(transfer: false)
        case .vote, .preVote:
            handleVoteRequest(m)
        default:
            switch role {
            case .leader: try stepLeader(m)
            case .candidate, .preCandidate: try stepCandidate(m)
            case .follower: try stepFollower(m)
            }
        }
    }

    private mutating func handleVoteRequest(_ m: Message) {
        let responseKind: MessageKind = m.kind == .vote ? .voteResponse : .preVoteResponse
        let canVote = vote == m.from
            || (vote == noNode && lead == noNode)
            || (m.kind == .preVote && m.term > term)
        if canVote && log.isUpToDate(index: m.index, term: m.logTerm) {
            send(Message(kind: responseKind, to: m.from, term: m.term))
            if m.kind == .vote {
                electionElapsed = 0
                vote = m.from
            }
        } else {
            send(Message(kind: responseKind, to: m.from, term: term, logTerm: log.term(at: log.committed) ?? 0,
                         commit: log.committed, reject: true))
        }
    }

    /// A rejected candidate learns how far the rejecter knows the log to be committed. A
    /// commit index is a fact about the cluster, safe to take from anyone whose log matches
    /// ours there; it matters after a leader applies its own removal and steps down before
    /// the remaining voters heard that the change committed: they would otherwise keep
    /// campaigning under the old configuration for votes its members can no longer give.
    private mutating func learnCommit(from m: Message) {
        guard m.reject, m.commit > log.committed, m.commit <= log.lastIndex,
              log.matchTerm(m.commit, m.logTerm) else { return }
        log.commitTo(m.commit)
    }

    private mutating func stepCandidate(_ m: Message) throws(RaftError) {
        let myResponse: MessageKind = role == .preCandidate ? .preVoteResponse : .voteResponse
        switch m.kind {
        case .propose:
            throw .proposalDropped
        case .append:
            becomeFollower(term: m.term, lead: m.from)
            handleAppend(m)
        case .heartbeat:
            becomeFollower(term: m.term, lead: m.from)
            handleHeartbeat(m)
        case .snapshot:
            becomeFollower(term: m.term, lead: m.from)
            handleSnapshot(m)
        case myResponse:
            switch tracker.recordVote(from: m.from, granted: !m.reject) {
            case .won:
                if role == .preCandidate {
                    campaign(preVote: false, transfer: false)
                } else {
                    becomeLeader()
                    broadcastAppend()
                }
            case .lost:
                becomeFollower(term: term, lead: noNode)
            case .pending:
                break
            }
        default:
            break
        }
    }

    private mutating func stepFollower(_ m: Message) throws(RaftError) {
        switch m.kind {
        case .propose:
            guard lead != noNode, !config.disableProposalForwarding else { throw .proposalDropped }
            forward(m)
        case .append:
            electionElapsed = 0
            lead = m.from
            handleAppend(m)
        case .heartbeat:
            electionElapsed = 0
            lead = m.from
            handleHeartbeat(m)
        case .snapshot:
            electionElapsed = 0
            lead = m.from
            handleSnapshot(m)
        case .transferLeader, .readIndex:
            guard lead != noNode else { return }
            forward(m)
        case .timeoutNow:
            hup(transfer: true)
        case .readIndexResponse:
            guard m.entries.count == 1 else { return }
            readStates.append(ReadState(index: m.index, context: m.entries[0].data))
        default:
            break
        }
    }

    private mutating func forward(_ m: Message) {
        var forwarded = m
        forwarded.to = lead
        forwarded.term = 0
        // A local request has no sender yet; the leader answers whoever forwarded it.
        if forwarded.kind != .transferLeader || forwarded.from == noNode { forwarded.from = id }
        messages.append(forwarded)
    }

    // MARK: Follower handlers

    private mutating func handleAppend(_ m: Message) {
        if m.index < log.committed {
            send(Message(kind: .appendResponse, to: m.from, index: log.committed))
            return
        }
        if let lastNew = log.maybeAppend(index: m.index, logTerm: m.logTerm, commit: m.commit, entries: m.entries) {
            send(Message(kind: .appendResponse, to: m.from, index: lastNew))
            return
        }
        let hint = log.findConflictByTerm(index: min(m.index, log.lastIndex), term: m.logTerm)
        send(Message(kind: .appendResponse, to: m.from, logTerm: hint.term, index: m.index, reject: true,
                     rejectHint: hint.index))
    }

    private mutating func handleHeartbeat(_ m: Message) {
        // The leader never sends a commit beyond what we acknowledged; the clamp keeps a
        // malformed message from moving the commit past our log.
        log.commitTo(min(m.commit, log.lastIndex))
        send(Message(kind: .heartbeatResponse, to: m.from, context: m.context, leaseTick: m.leaseTick))
    }

    private mutating func handleSnapshot(_ m: Message) {
        guard let snapshot = m.snapshot else { return }
        let index = restore(snapshot) ? log.lastIndex : log.committed
        send(Message(kind: .appendResponse, to: m.from, index: index))
    }

    /// Takes a leader's snapshot unless our log already covers it. A snapshot that predates
    /// our joining (or follows our removal) is taken too: the configuration it installs
    /// does not make us a voter, so we cannot campaign until the log says we are one.
    private mutating func restore(_ snapshot: Snapshot) -> Bool {
        let meta = snapshot.metadata
        guard meta.index > log.committed else { return false }
        if log.matchTerm(meta.index, meta.term) {
            // Our log has it: fast-forward the commit instead of throwing entries away.
            log.commitTo(meta.index)
            return false
        }
        log.restore(snapshot)
        tracker.setConfiguration(meta.confState, nextIndex: log.lastIndex + 1)
        return true
    }

    // MARK: Leader

    private mutating func stepLeader(_ m: Message) throws(RaftError) {
        switch m.kind {
        case .beat:
            broadcastHeartbeat()
            return
        case .checkQuorum:
            checkQuorum()
            return
        case .propose:
            try propose(m)
            return
        case .readIndex:
            handleReadIndex(m)
            return
        default:
            break
        }
        guard var pr = tracker.progress[m.from] else { return }
        switch m.kind {
        case .appendResponse:
            pr.recentActive = true
            tracker.progress[m.from] = pr
            handleAppendResponse(m)
        case .heartbeatResponse:
            pr.recentActive = true
            pr.probeSent = false
            pr.leaseTick = max(pr.leaseTick, m.leaseTick)
            if pr.state == .replicate && pr.inflights.isFull {
                // A full window a whole heartbeat later means appends were lost: the
                // follower is alive but the window would never drain. Probe again.
                pr.becomeProbe()
            }
            tracker.progress[m.from] = pr
            if pr.match < log.lastIndex { sendAppend(to: m.from) }
            handleReadIndexAck(m)
        case .snapshotStatus:
            guard pr.state == .snapshot else { return }
            pr.becomeProbe()
            // Wait for a heartbeat response before probing again.
            pr.probeSent = true
            tracker.progress[m.from] = pr
        case .unreachable:
            if pr.state == .replicate { pr.becomeProbe() }
            tracker.progress[m.from] = pr
        case .transferLeader:
            handleTransferLeader(to: m.from, progress: pr)
        default:
            break
        }
    }

    private mutating func propose(_ m: Message) throws(RaftError) {
        precondition(!m.entries.isEmpty, "empty proposal")
        guard tracker.progress[id] != nil, leadTransferee == noNode else { throw .proposalDropped }
        var entries = m.entries
        for i in entries.indices where entries[i].kind == .confChange {
            if pendingConfIndex > log.applied {
                // One membership change at a time: the earlier one is not applied yet.
                entries[i] = Entry()
            } else {
                pendingConfIndex = log.lastIndex + UInt64(i) + 1
            }
        }
        guard appendEntries(entries) else { throw .proposalDropped }
        // Sent at the next `ready()`: proposals made in between travel in one append.
        pendingBroadcast = true
    }

    /// Sends the appends that proposals deferred.
    mutating func flushPendingBroadcast() {
        guard pendingBroadcast else { return }
        pendingBroadcast = false
        if role == .leader { broadcastAppend() }
    }

    /// Appends on the leader; its own progress moves only once the entries are persisted
    /// (`acknowledgePersisted`), so the leader never counts an entry it could still lose.
    private mutating func appendEntries(_ entries: [Entry]) -> Bool {
        let payload = entries.reduce(0) { $0 + UInt64($1.data.count) }
        if config.maxUncommittedEntriesBytes > 0 && uncommittedBytes > 0
            && uncommittedBytes + payload > config.maxUncommittedEntriesBytes {
            return false
        }
        uncommittedBytes += payload
        let last = log.lastIndex
        var stamped = entries
        for i in stamped.indices {
            stamped[i].term = term
            stamped[i].index = last + UInt64(i) + 1
        }
        log.append(stamped)
        return true
    }

    /// Called once entries up to (`index`, `term`) are durable on this member.
    mutating func acknowledgePersisted(index: UInt64, term entryTerm: UInt64) {
        guard role == .leader, log.matchTerm(index, entryTerm), var pr = tracker.progress[id] else { return }
        if pr.maybeUpdate(index) {
            tracker.progress[id] = pr
            if maybeCommit() { afterCommit() }
        }
    }

    mutating func reduceUncommitted(_ entries: [Entry]) {
        guard role == .leader else { return }
        let payload = entries.reduce(0) { $0 + UInt64($1.data.count) }
        uncommittedBytes = payload > uncommittedBytes ? 0 : uncommittedBytes - payload
    }

    private mutating func maybeCommit() -> Bool {
        log.maybeCommit(index: tracker.committedIndex(), term: term)
    }

    private mutating func afterCommit() {
        releasePendingReadIndexMessages()
        broadcastAppend()
    }

    private mutating func handleAppendResponse(_ m: Message) {
        guard var pr = tracker.progress[m.from] else { return }
        if m.reject {
            var probeIndex = m.rejectHint
            if m.logTerm > 0 { probeIndex = log.findConflictByTerm(index: m.rejectHint, term: m.logTerm).index }
            if pr.maybeDecrTo(rejected: m.index, matchHint: probeIndex) {
                if pr.state == .replicate { pr.becomeProbe() }
                tracker.progress[m.from] = pr
                sendAppend(to: m.from)
            }
            return
        }
        // An acknowledgement beyond our log cannot come from this term's appends.
        guard m.index <= log.lastIndex else { return }
        let wasPaused = pr.isPaused
        guard pr.maybeUpdate(m.index) else { return }
        switch pr.state {
        case .probe:
            pr.becomeReplicate()
        case .snapshot where pr.match + 1 >= log.firstIndex:
            pr.becomeProbe()
            pr.becomeReplicate()
        case .snapshot:
            break
        case .replicate:
            pr.inflights.freeLE(m.index)
        }
        tracker.progress[m.from] = pr
        if maybeCommit() {
            afterCommit()
        } else if wasPaused {
            sendAppend(to: m.from)
        }
        // Fill the window: bounded by the inflight limit, and by the log's end.
        var sent = 0
        while sent < config.maxInflightMessages, maybeSendAppend(to: m.from, sendIfEmpty: false) { sent += 1 }
        if m.from == leadTransferee, tracker.progress[m.from]?.match == log.lastIndex {
            sendTimeoutNow(to: m.from)
        }
    }

    private mutating func handleTransferLeader(to transferee: NodeID, progress pr: Progress) {
        guard !pr.isLearner else { return }
        if leadTransferee != noNode {
            if leadTransferee == transferee { return }
            leadTransferee = noNode
        }
        guard transferee != id else { return }
        // The transfer must finish within an election timeout or it is abandoned.
        electionElapsed = 0
        leadTransferee = transferee
        if pr.match == log.lastIndex { sendTimeoutNow(to: transferee) } else { sendAppend(to: transferee) }
    }

    /// A leader that applied its own removal or demotion keeps leading (without counting
    /// itself) just long enough to hand over: stepping down at once could leave the remaining
    /// voters unaware that the change committed, each waiting for a vote the others will not
    /// give. It transfers to the most caught-up voter, and steps down at the next election
    /// timeout whatever happens (`tickHeartbeat`).
    private mutating func handOverLeadership() {
        let candidates = tracker.voters.filter { $0 != id }
        guard leadTransferee == noNode,
              let best = candidates.max(by: { (tracker.progress[$0]?.match ?? 0) < (tracker.progress[$1]?.match ?? 0) }),
              let pr = tracker.progress[best] else { return }
        handleTransferLeader(to: best, progress: pr)
    }

    private mutating func sendTimeoutNow(to: NodeID) {
        leaseRevoked = true
        send(Message(kind: .timeoutNow, to: to))
    }

    // MARK: ReadIndex

    private var committedEntryInCurrentTerm: Bool { log.term(at: log.committed) == term }

    private mutating func handleReadIndex(_ m: Message) {
        // Until an entry of this term commits, our commit index may be behind the real one:
        // even a sole voter's, restarted before it persisted the commit it had reached.
        guard committedEntryInCurrentTerm else {
            pendingReadIndexMessages.append(m)
            return
        }
        if tracker.isSoleVoter(id) {
            respondToReadIndex(m, index: log.committed)
            return
        }
        if config.readOnlyOption == .leaseBased && leaseValid {
            respondToReadIndex(m, index: log.committed)
            return
        }
        let context = m.entries.first?.data ?? []
        readOnly.add(index: log.committed, message: m, context: context)
        _ = readOnly.recordAck(from: id, context: context)
        broadcastHeartbeat(context: context)
    }

    private mutating func handleReadIndexAck(_ m: Message) {
        guard !m.context.isEmpty, let acks = readOnly.recordAck(from: m.from, context: m.context),
              tracker.hasQuorum(acks) else { return }
        for request in readOnly.release(through: m.context) {
            respondToReadIndex(request.message, index: request.index)
        }
    }

    private mutating func releasePendingReadIndexMessages() {
        guard committedEntryInCurrentTerm, !pendingReadIndexMessages.isEmpty else { return }
        let waiting = pendingReadIndexMessages
        pendingReadIndexMessages = []
        for m in waiting { handleReadIndex(m) }
    }

    private mutating func respondToReadIndex(_ m: Message, index: UInt64) {
        let context = m.entries.first?.data ?? []
        if m.from == noNode || m.from == id {
            readStates.append(ReadState(index: index, context: context))
        } else {
            send(Message(kind: .readIndexResponse, to: m.from, index: index, entries: m.entries))
        }
    }

    /// The lease holds while a quorum echoed a heartbeat sent less than an election timeout
    /// ago (less one tick for the order of events within a tick): those members refuse to
    /// vote for anyone else until then.
    private var leaseValid: Bool {
        guard config.checkQuorum, !leaseRevoked, leadTransferee == noNode else { return false }
        let acked = tracker.leaseTick(leader: id, ownTick: leaderTicks)
        return acked > 0 && leaderTicks + 1 < acked + UInt64(config.electionTicks)
    }

    // MARK: Configuration

    /// Applies a committed conf change; called by the application when it applies the entry.
    mutating func applyConfChange(_ change: ConfChange) throws(RaftError) -> ConfState {
        var conf = tracker.confState
        let member = change.nodeID
        guard member != noNode else { throw .confChangeRejected("member id 0") }
        switch change.kind {
        case .addNode:
            conf.learners.removeAll { $0 == member }
            if !conf.voters.contains(member) { conf.voters.append(member) }
        case .addLearner:
            conf.voters.removeAll { $0 == member }
            if !conf.learners.contains(member) { conf.learners.append(member) }
        case .removeNode:
            conf.voters.removeAll { $0 == member }
            conf.learners.removeAll { $0 == member }
        }
        guard !conf.voters.isEmpty else { throw .removedAllVoters }
        conf = ConfState(voters: conf.voters, learners: conf.learners)
        tracker.setConfiguration(conf, nextIndex: max(log.lastIndex, 1))
        if (role == .candidate || role == .preCandidate) && !tracker.isVoter(id) {
            // Votes gathered for a member that is no longer a voter must not make it leader.
            becomeFollower(term: term, lead: noNode)
        }
        if role == .leader {
            if !tracker.isVoter(id) {
                handOverLeadership()
            } else {
                if leadTransferee != noNode && !tracker.isVoter(leadTransferee) { leadTransferee = noNode }
                if maybeCommit() { afterCommit() }
            }
        }
        return conf
    }
}
