/// A deliberate read-path bug the simulator imposes on its members from outside the Raft
/// core, to prove that the fault schedule and the checks catch it. Tests only.
public enum ReadMutation: String, Sendable, CaseIterable {
    /// A leader answers every ReadIndex at once with its commit index, asking no quorum and
    /// trusting no lease: a deposed leader that does not know it yet serves stale reads.
    case leaderAnswersAtOnce = "leader-reads-at-once"
    /// A member serves a read as soon as its read index arrives, at whatever it has applied,
    /// instead of waiting to apply up to the read index: a lagging follower serves stale reads.
    case followerServesBelowReadIndex = "follower-reads-below-index"
}
