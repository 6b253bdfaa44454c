import MVCC

/// When each lease expires, as this member last knew it: the state behind `LeaseKeeper`,
/// with no clock and no I/O. Deadlines matter only on the leader; a member that becomes
/// leader restarts every lease's clock (`promote`), as etcd's lessor does.
struct LeaseDeadlines: Sendable {
    typealias Instant = ContinuousClock.Instant

    private struct Entry: Sendable {
        var ttlSeconds: Int64
        var deadline: Instant
        /// Set once a revoke was proposed: not proposed again before then.
        var retryAt: Instant?
    }

    private var entries: [Int64: Entry] = [:]
    /// The term in which this member last became leader, nil while it is not leader.
    private(set) var leaderTerm: UInt64?

    var count: Int { entries.count }

    mutating func granted(_ lease: Lease, at now: Instant) {
        entries[lease.id] = Entry(ttlSeconds: lease.ttl, deadline: now + .seconds(lease.ttl))
    }

    mutating func forget(_ id: Int64) {
        entries[id] = nil
    }

    /// Leadership in `term`: every lease (the store's, and any granted since it was read)
    /// lives a full TTL plus `extension` from now.
    mutating func promote(term: UInt64, leases: [Lease], at now: Instant, extension: Duration) {
        for lease in leases where entries[lease.id] == nil { granted(lease, at: now) }
        for (id, entry) in entries {
            entries[id] = Entry(ttlSeconds: entry.ttlSeconds, deadline: now + .seconds(entry.ttlSeconds) + `extension`)
        }
        leaderTerm = term
    }

    mutating func demote() {
        leaderTerm = nil
    }

    /// A keepalive: the lease lives a full TTL from now, unless it has already expired (its
    /// revoke is under way). Returns whether it was renewed.
    mutating func renew(_ lease: Lease, at now: Instant) -> Bool {
        if let entry = entries[lease.id], entry.deadline <= now { return false }
        granted(lease, at: now)
        return true
    }

    /// Time left before the lease expires; nil when this member has no deadline for it.
    func remaining(_ id: Int64, at now: Instant) -> Duration? {
        entries[id].map { $0.deadline - now }
    }

    /// Up to `limit` expired leases whose revoke is not already under way, marked as under
    /// way until `now + retry`.
    mutating func takeExpired(at now: Instant, limit: Int, retry: Duration) -> [Int64] {
        var expired: [Int64] = []
        for (id, entry) in entries where entry.deadline <= now && (entry.retryAt.map { $0 <= now } ?? true) {
            guard expired.count < limit else { break }
            entries[id]?.retryAt = now + retry
            expired.append(id)
        }
        return expired
    }
}
