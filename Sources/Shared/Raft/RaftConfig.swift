public struct RaftConfig: Sendable {
    public var id: NodeID
    /// Ticks without hearing from a leader before a follower campaigns (randomized in
    /// `[electionTicks, 2 * electionTicks)`).
    public var electionTicks: Int = 10
    public var heartbeatTicks: Int = 1
    /// The last index the application had applied when it restarted.
    public var applied: UInt64 = 0
    public var maxSizePerMessageBytes: UInt64 = 1024 * 1024
    /// Bounds the committed entries handed out in one `Ready`.
    public var maxCommittedSizePerReadyBytes: UInt64 = 64 * 1024 * 1024
    /// Bounds proposals not yet committed on a leader; zero means unbounded.
    public var maxUncommittedEntriesBytes: UInt64 = 0
    public var maxInflightMessages: Int = 256
    /// Zero means no byte bound on in-flight appends.
    public var maxInflightBytes: UInt64 = 0
    public var checkQuorum: Bool = true
    public var preVote: Bool = true
    public var readOnlyOption: ReadOnlyOption = .safe
    public var disableProposalForwarding: Bool = false
    /// Seeds the randomized election timeouts, so a run is reproducible.
    public var randomSeed: UInt64

    public init(id: NodeID, randomSeed: UInt64) {
        self.id = id
        self.randomSeed = randomSeed
    }

    func validate() throws(RaftError) {
        if id == noNode { throw .invalidConfig("cannot use 0 as a member id") }
        if heartbeatTicks <= 0 { throw .invalidConfig("heartbeat ticks must be greater than 0") }
        if electionTicks <= heartbeatTicks {
            throw .invalidConfig("election ticks must be greater than heartbeat ticks")
        }
        if maxInflightMessages <= 0 { throw .invalidConfig("max inflight messages must be greater than 0") }
        if readOnlyOption == .leaseBased && !checkQuorum {
            throw .invalidConfig("lease-based reads require check-quorum")
        }
    }
}
