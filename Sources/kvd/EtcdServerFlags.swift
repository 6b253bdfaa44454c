/// The flags of etcd 3.4's server (`etcd --help`), so that one kvd does not serve yet is refused
/// by name. Running on without it would make kvd behave differently from the etcd the unit was
/// written for: a discovery flag ignored, for one, bootstraps each node as a cluster of its own.
enum EtcdServerFlags {
    static let all: Set<String> = [
        "advertise-client-urls", "auth-token", "auth-token-ttl", "auto-compaction-mode",
        "auto-compaction-retention", "auto-tls", "backend-batch-interval", "backend-batch-limit",
        "bcrypt-cost", "cert-file", "cipher-suites", "client-cert-allowed-hostname", "client-cert-auth",
        "client-crl-file", "config-file", "cors", "data-dir", "debug", "discovery", "discovery-fallback",
        "discovery-proxy", "discovery-srv", "discovery-srv-name", "election-timeout", "enable-grpc-gateway",
        "enable-pprof", "enable-v2", "experimental-backend-bbolt-freelist-type",
        "experimental-compaction-batch-limit", "experimental-corrupt-check-time",
        "experimental-enable-lease-checkpoint", "experimental-enable-lease-checkpoint-persist",
        "experimental-enable-v2v3", "experimental-initial-corrupt-check",
        "experimental-peer-skip-client-san-verification", "experimental-warning-apply-duration",
        "experimental-watch-progress-notify-interval", "force-new-cluster", "grpc-keepalive-interval",
        "grpc-keepalive-min-time", "grpc-keepalive-timeout", "heartbeat-interval", "host-whitelist",
        "initial-advertise-peer-urls", "initial-cluster", "initial-cluster-state", "initial-cluster-token",
        "initial-election-tick-advance", "key-file", "listen-client-urls", "listen-metrics-urls",
        "listen-peer-urls", "log-level", "log-output", "log-outputs", "log-package-levels", "logger",
        "max-concurrent-streams", "max-request-bytes", "max-snapshots", "max-txn-ops", "max-wals", "metrics",
        "name", "peer-auto-tls", "peer-cert-allowed-cn", "peer-cert-allowed-hostname", "peer-cert-file",
        "peer-client-cert-auth", "peer-crl-file", "peer-key-file", "peer-trusted-ca-file", "pre-vote", "proxy",
        "proxy-dial-timeout", "proxy-failure-wait", "proxy-read-timeout", "proxy-refresh-interval",
        "proxy-write-timeout", "quota-backend-bytes", "snapshot-count", "strict-reconfig-check",
        "trusted-ca-file", "unsafe-no-fsync", "wal-dir",
    ]

    /// Environment variables etcd reads that are not flags. `ETCD_UNSUPPORTED_ARCH` only lets
    /// etcd start on a processor it does not support; kvd runs on any, so it changes nothing.
    static let otherVariables: Set<String> = ["ETCD_UNSUPPORTED_ARCH"]

    static func refusal(flag: String, variable: String? = nil) -> String {
        let source = variable.map { "\($0): " } ?? ""
        return "\(source)--\(flag) is not supported by this kvd yet; refusing to start rather than run differently from etcd"
    }
}
