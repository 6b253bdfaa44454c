import Foundation
import TestSupport
import Testing

extension Integration {
    /// `/health` as etcd answers it, and `/metrics` with the series operators alert on.
    @Suite struct MetricsTests {
        @Test func healthAndMetricsAreServed() throws {
            let metricsPort = try freePort()
            let cluster = try ProcessCluster(.kvd, size: 1, flags: ["--listen-metrics-urls", "http://127.0.0.1:\(metricsPort)"])
            defer { cluster.stop() }
            #expect(try Etcdctl.run(["put", "k", "v"], endpoints: cluster.endpoints).status == 0)
            #expect(try Etcdctl.run(["get", "k", "--rev", "1000"], endpoints: cluster.endpoints).status != 0)
            let health = try curl("http://127.0.0.1:\(metricsPort)/health")
            #expect(health == #"{"health":"true"}"#)
            let metrics = try curl("http://127.0.0.1:\(metricsPort)/metrics")
            for series in ["etcd_server_has_leader 1", "etcd_server_leader_changes_seen_total 1",
                           "etcd_server_proposals_committed_total", "etcd_server_proposals_applied_total",
                           "etcd_server_proposals_pending", "etcd_server_proposals_failed_total",
                           "etcd_disk_wal_fsync_duration_seconds_count", "etcd_disk_backend_commit_duration_seconds_count",
                           "etcd_mvcc_db_total_size_in_bytes",
                           #"grpc_server_handled_total{grpc_type="unary",grpc_service="etcdserverpb.KV",grpc_method="Put",grpc_code="OK"} 1"#,
                           #"grpc_method="Range",grpc_code="OutOfRange"} 1"#] {
                #expect(metrics.contains(series), "missing \(series)")
            }
            // The values, not only the names: work was done, none is pending or failed.
            func value(_ series: String) -> Double? {
                metrics.split(separator: "\n").first { $0.hasPrefix(series + " ") }.flatMap { Double($0.split(separator: " ").last ?? "") }
            }
            for series in ["etcd_server_proposals_committed_total", "etcd_server_proposals_applied_total",
                           "etcd_disk_wal_fsync_duration_seconds_count", "etcd_disk_backend_commit_duration_seconds_count",
                           "etcd_mvcc_db_total_size_in_bytes"] {
                #expect((value(series) ?? 0) > 0, "\(series): \(String(describing: value(series)))")
            }
            #expect(value("etcd_server_proposals_applied_total") == value("etcd_server_proposals_committed_total"))
            #expect(value("etcd_server_proposals_pending") == 0 && value("etcd_server_proposals_failed_total") == 0)
        }

        private func curl(_ url: String) throws -> String {
            try runCommand(URL(fileURLWithPath: "/usr/bin/curl"), ["-s", "--max-time", "5", url]).stdout
        }
    }
}
