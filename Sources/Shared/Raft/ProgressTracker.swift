/// The configuration and, on a leader, every member's progress.
struct ProgressTracker {
    private(set) var voters: [NodeID] = []
    private(set) var learners: [NodeID] = []
    var progress: [NodeID: Progress] = [:]
    var votes: [NodeID: Bool] = [:]
    let maxInflight: Int
    let maxInflightBytes: UInt64

    init(maxInflight: Int, maxInflightBytes: UInt64) {
        self.maxInflight = maxInflight
        self.maxInflightBytes = maxInflightBytes
    }

    var confState: ConfState { ConfState(voters: voters, learners: learners) }

    var members: [NodeID] { (voters + learners).sorted() }

    func isVoter(_ id: NodeID) -> Bool { voters.contains(id) }

    /// Only then may a leader answer reads without asking anyone; a leader that was just
    /// removed is not the sole voter even when one voter remains.
    func isSoleVoter(_ id: NodeID) -> Bool { voters == [id] }

    func newProgress(match: UInt64, next: UInt64, isLearner: Bool) -> Progress {
        Progress(match: match, next: next, inflights: Inflights(capacity: maxInflight, maxBytes: maxInflightBytes),
                 isLearner: isLearner)
    }

    /// Replaces the configuration; members that stay keep their progress.
    mutating func setConfiguration(_ conf: ConfState, nextIndex: UInt64) {
        voters = conf.voters
        learners = conf.learners
        var kept: [NodeID: Progress] = [:]
        for id in voters + learners {
            var pr = progress[id] ?? newProgress(match: 0, next: nextIndex, isLearner: false)
            pr.isLearner = learners.contains(id)
            if progress[id] == nil { pr.recentActive = true }
            kept[id] = pr
        }
        progress = kept
    }

    /// The highest index a majority of voters has persisted.
    func committedIndex() -> UInt64 {
        Quorum.committedValue(voters.map { progress[$0]?.match ?? 0 })
    }

    /// The leader-lease clock value that a majority has echoed, counting the leader as `ownTick`.
    func leaseTick(leader: NodeID, ownTick: UInt64) -> UInt64 {
        Quorum.committedValue(voters.map { $0 == leader ? ownTick : (progress[$0]?.leaseTick ?? 0) })
    }

    /// Whether a majority of voters was heard from recently; the leader always counts itself.
    func quorumActive(leader: NodeID) -> Bool {
        let active = voters.filter { $0 == leader || progress[$0]?.recentActive == true }.count
        return active >= Quorum.size(voters.count)
    }

    mutating func resetVotes() { votes = [:] }

    /// Records a vote (the first one from each member counts) and returns the tally.
    mutating func recordVote(from id: NodeID, granted: Bool) -> Quorum.VoteResult {
        if votes[id] == nil { votes[id] = granted }
        return Quorum.voteResult(voters: voters, votes: votes)
    }

    func hasQuorum(_ acks: Set<NodeID>) -> Bool {
        voters.filter { acks.contains($0) }.count >= Quorum.size(voters.count)
    }
}
