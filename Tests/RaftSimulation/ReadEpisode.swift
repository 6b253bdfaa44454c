import Raft

/// A scheduled scenario that gives stale reads their chance. Random faults rarely line up a
/// deposed leader that still takes reads with a new leader that has committed, or a member
/// far behind with a read index: an episode does it on purpose, then ends its fault.
struct ReadEpisode {
    enum Kind {
        /// The leader stops (a stopped process, a long GC pause) with a read pending; the others
        /// elect a new leader and commit; it resumes to the reads that queued up meanwhile.
        case pausedLeader
        /// The leader is cut off both ways with a read pending and keeps getting reads while the
        /// others elect a new leader and commit.
        case isolatedLeader
        /// The leader hands over leadership, then hears from no one (its TimeoutNow gets out)
        /// and keeps getting reads while its successor commits: its lease ends at the hand-over.
        case handedOverLeader
        /// A member stops, cut off both ways, while the others commit; it resumes, still
        /// following the leader it knew, to reads at once over slow links: the read index it is
        /// given runs ahead of what it has applied.
        case laggingMember
    }

    var kind: Kind
    var target: NodeID
    var startedAt: Int
    /// When the fault ends: the target resumes, or the network heals.
    var faultEndsAt: Int
    var faultEnded = false
    /// Reads keep going to the target (or around it) until then.
    var endsAt: Int
}
