/// The faults a campaign can inject while its clients run.
public enum FaultKind: String, CaseIterable, Sendable {
    /// kill -9 of a member (the leader half of the time), restarted after a pause.
    case kill
    /// SIGSTOP of a member (the leader half of the time), SIGCONT after a pause.
    case pause
    /// A member restarted with a failpoint that crashes it at a random stage of its write path.
    case crashpoint
    /// A member restarted with a failpoint that stalls its disk, for a while.
    case slowdisk
    /// The peer network split for a while (needs the members in namespaces of their own):
    /// one member cut off, a minority from the majority, two halves joined by one member, or
    /// one member unable to send; clients still reach every member.
    case partition
    /// A follower removed, wiped, added back as a learner and promoted, under load.
    case membership
    /// Every peer link drops a share of its packets for a while (TCP resends them late, so
    /// messages are delayed and bunched); clients' packets pass (needs the namespaces).
    case lossy

    /// Whether the fault needs the members in network namespaces.
    public var needsNamespaces: Bool { self == .partition || self == .lossy }
}

/// The failpoints the nemesis arms, with the faults they make.
enum FaultFailpoints {
    /// Where a crash exercises a different recovery: the WAL tail, the store ahead of or
    /// behind the log, a snapshot half sent or half taken.
    static let crashPoints = [
        "walBeforeSync", "walMidWrite", "walAfterSync", "applyBeforeCommit", "applyAfterCommit", "walBeforeRelease",
        "snapshotSendMid", "snapshotReceiveMid", "snapshotApplyMid", "defragmentMid",
    ]
    static let slowPoints = ["walBeforeSync", "applyBeforeCommit"]
}
