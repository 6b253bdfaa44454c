import Prometheus

/// The series operators alert on, under etcd's names, so existing dashboards and alerts
/// work: leadership, proposals, disk latency, database size (the server adds its RPCs and peers).
public final class ServerMetrics: Sendable {
    public let registry = PrometheusCollectorRegistry()
    let hasLeader: Gauge
    let leaderChanges: Counter
    let proposalsCommitted: Gauge
    let proposalsApplied: Gauge
    let proposalsPending: Gauge
    let proposalsFailed: Counter
    let walFsyncDuration: DurationHistogram
    let backendCommitDuration: DurationHistogram
    public let databaseSize: Gauge

    /// etcd's buckets for disk latency: 1 ms to about 8 s, doubling.
    static let diskBuckets: [Duration] = (0..<14).map { .microseconds(1_000 << $0) }

    /// etcd's series names are whole already: no namespace or unit parts to add.
    public static func descriptor(_ name: String, _ help: String) -> MetricNameDescriptor {
        MetricNameDescriptor(metricName: name, unitName: "", helpText: help)
    }

    public init() {
        hasLeader = registry.makeGauge(descriptor: Self.descriptor("etcd_server_has_leader", "Whether or not a leader exists. 1 is existence, 0 is not."))
        leaderChanges = registry.makeCounter(descriptor: Self.descriptor("etcd_server_leader_changes_seen_total", "The number of leader changes seen."))
        proposalsCommitted = registry.makeGauge(descriptor: Self.descriptor("etcd_server_proposals_committed_total", "The total number of consensus proposals committed."))
        proposalsApplied = registry.makeGauge(descriptor: Self.descriptor("etcd_server_proposals_applied_total", "The total number of consensus proposals applied."))
        proposalsPending = registry.makeGauge(descriptor: Self.descriptor("etcd_server_proposals_pending", "The current number of pending proposals to commit."))
        proposalsFailed = registry.makeCounter(descriptor: Self.descriptor("etcd_server_proposals_failed_total", "The total number of failed proposals seen."))
        walFsyncDuration = registry.makeDurationHistogram(
            descriptor: Self.descriptor("etcd_disk_wal_fsync_duration_seconds", "The latency distributions of fsync called by WAL."), buckets: Self.diskBuckets)
        backendCommitDuration = registry.makeDurationHistogram(
            descriptor: Self.descriptor("etcd_disk_backend_commit_duration_seconds", "The latency distributions of commit called by backend."), buckets: Self.diskBuckets)
        databaseSize = registry.makeGauge(descriptor: Self.descriptor("etcd_mvcc_db_total_size_in_bytes", "Total size of the underlying database physically allocated in bytes."))
    }
}
