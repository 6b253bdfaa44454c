/// The lease keeper's timing, derived from the member's Raft timing as etcd derives it.
public struct LeaseConfiguration: Sendable {
    /// Shorter TTLs are raised to this: a lease must outlive an election (etcd: 1.5 election
    /// timeouts, rounded up to whole seconds).
    public var minTTLSeconds: Int64
    /// Added to every lease's TTL when a member becomes leader, so that clients have time to
    /// find the new leader before their leases expire (etcd: one election timeout).
    public var promotionExtension: Duration
    /// How often the leader looks for expired leases (etcd: 500 ms).
    public var checkInterval: Duration = .milliseconds(500)
    /// Revokes proposed per check at most (etcd: half its 1000 revokes per second).
    public var revokesPerCheckMax = 500
    /// How long an expired lease's revoke may take before it is proposed again (etcd: the
    /// request timeout).
    public var revokeRetryInterval: Duration = .seconds(7)

    public init(minTTLSeconds: Int64, promotionExtension: Duration) {
        precondition(minTTLSeconds > 0, "a lease must live at least a second")
        self.minTTLSeconds = minTTLSeconds
        self.promotionExtension = promotionExtension
    }

    /// etcd's values for a member ticking every `tickInterval` with `electionTicks` per
    /// election timeout (etcd's heartbeat interval is its tick).
    public init(electionTicks: Int, tickInterval: Duration) {
        precondition(electionTicks > 0 && tickInterval > .zero, "Raft timing must be positive")
        let minTTL = tickInterval * ((3 * electionTicks) / 2)
        let (seconds, attoseconds) = minTTL.components
        self.init(minTTLSeconds: max(1, seconds + (attoseconds > 0 ? 1 : 0)),
                  promotionExtension: tickInterval * electionTicks)
    }
}
