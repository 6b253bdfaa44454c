import GRPCCore
import MVCC
import Member
import Synchronization

/// Keeps every lease's deadline in memory, on every member, and on the leader revokes the
/// expired ones through Raft: expiry is decided by one member and replicated like any write.
/// Grants are seen as they are applied; a member that becomes leader gives every lease a full
/// TTL from then (plus `promotionExtension`), so a leader change never expires a lease early.
///
/// Wiring: `let keeper = LeaseKeeper(member: member, configuration: LeaseConfiguration(
/// electionTicks: 10, tickInterval: .milliseconds(100))); await member.observe(keeper)`,
/// then run `keeper.run()` in a task for as long as the member serves.
public final class LeaseKeeper: ApplyObserver {
    let member: Member
    public let configuration: LeaseConfiguration
    let clock: any LeaseClock
    private let deadlines = Mutex(LeaseDeadlines())

    public init(member: Member, configuration: LeaseConfiguration, clock: any LeaseClock = SystemLeaseClock()) {
        self.member = member
        self.configuration = configuration
        self.clock = clock
    }

    public func applied(_ results: [AppliedRequest], storeRevision: Int64) {
        let grants = results.compactMap { applied -> Lease? in
            guard case .success(.leaseGrant(_, let id, let ttl)) = applied.result else { return nil }
            return Lease(id: id, ttl: ttl)
        }
        guard !grants.isEmpty else { return }
        let now = clock.now()
        deadlines.withLock { deadlines in
            for lease in grants { deadlines.granted(lease, at: now) }
        }
    }

    /// Nothing to do: only followers take snapshots, and a follower's deadlines are rebuilt
    /// from the store when it becomes leader (`leads`).
    public func restored(storeRevision: Int64) {}

    /// The leader's expiry loop, until the task is cancelled: every `checkInterval`, propose
    /// revokes for (a bounded number of) expired leases.
    public func run() async {
        await withDiscardingTaskGroup { group in
            while !Task.isCancelled {
                for id in await takeExpired() {
                    group.addTask { await self.revoke(id) }
                }
                try? await Task.sleep(for: configuration.checkInterval)
            }
        }
    }

    /// A keepalive (leader only): the lease's TTL, or 0 when it is gone or already expired,
    /// which etcd answers rather than fails.
    func renew(_ id: Int64) async throws -> Int64 {
        guard try await leads() else { throw EtcdError.notLeader }
        guard let lease = try await appliedLease(id) else { return 0 }
        let now = clock.now()
        return deadlines.withLock { $0.renew(lease, at: now) } ? lease.ttl : 0
    }

    /// The lease and its time left (leader only); nil when there is no such lease.
    func timeToLive(_ id: Int64) async throws -> (lease: Lease, remaining: Duration)? {
        guard try await leads() else { throw EtcdError.notLeader }
        guard let lease = try await appliedLease(id) else { return nil }
        let now = clock.now()
        return (lease, deadlines.withLock { $0.remaining(id, at: now) } ?? .seconds(lease.ttl))
    }

    /// A lease revoked by a client through this member.
    func forget(_ id: Int64) {
        deadlines.withLock { $0.forget(id) }
    }

    /// Whether this member leads; on the first look in a new term of leadership, restarts
    /// every lease's clock (etcd's `Promote`).
    private func leads() async throws -> Bool {
        let status = await member.status
        guard status.softState.role == .leader else {
            deadlines.withLock { $0.demote() }
            return false
        }
        let term = status.hardState.term
        guard deadlines.withLock({ $0.leaderTerm }) != term else { return true }
        let leases = try member.store.leases()
        let now = clock.now()
        deadlines.withLock {
            $0.promote(term: term, leases: leases, at: now, extension: configuration.promotionExtension)
        }
        return true
    }

    private func takeExpired() async -> [Int64] {
        guard (try? await leads()) == true else { return [] }
        let now = clock.now()
        return deadlines.withLock {
            $0.takeExpired(at: now, limit: configuration.revokesPerCheckMax, retry: configuration.revokeRetryInterval)
        }
    }

    /// A failed revoke (no quorum, a lost leadership) is left for a later check to retry.
    /// A lease already revoked (through another member) is only forgotten.
    private func revoke(_ id: Int64) async {
        do {
            guard try member.store.lease(id: id) != nil else { return forget(id) }
            _ = try await member.propose(.leaseRevoke(id: id))
            forget(id)
        } catch MVCCError.leaseNotFound {
            forget(id)
        } catch {}
    }

    /// The lease as the store has it. When it is missing, looks again once this member has
    /// applied everything committed (etcd's leader waits for its applied index), so a grant
    /// that committed just before is found.
    private func appliedLease(_ id: Int64) async throws -> Lease? {
        if let lease = try member.store.lease(id: id) { return lease }
        try await member.linearizableRead()
        return try member.store.lease(id: id)
    }
}
