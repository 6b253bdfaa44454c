import ArgumentParser
import Foundation
import BuildInfo
import Failpoints
import Logging
import Member
import Server
import TLS

/// `kvd`: one member of a kvd cluster, configured with etcd's flags (or their `KVD_*` and
/// `ETCD_*` environment variables), so an etcd unit and environment file work unchanged.
@main
struct Kvd: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvd",
        abstract: "A Raft-based, strongly consistent key-value store serving the etcd v3 API.",
        discussion: """
            Every flag can also be set in the environment as KVD_<FLAG> or ETCD_<FLAG> (upper \
            case, '-' as '_'), e.g. ETCD_INITIAL_CLUSTER. A flag given both on the command line \
            and in the environment is an error. With no flags, kvd runs a single member named \
            'default' with clients on http://localhost:2379 and data in default.kvd.
            """,
        // etcd's shape (`etcd Version: 3.4.23`, then more lines), so `--version | head -n 1` reads alike.
        version: "kvd Version: \(BuildInfo.version)\nAPI Version: \(BuildInfo.etcdAPIVersion)"
    )

    @Option(help: "Human-readable name for this member.")
    var name = "default"

    @Option(name: .customLong("data-dir"), help: "Path to the data directory (default: <name>.kvd).")
    var dataDir: String?

    @Option(name: .customLong("wal-dir"), help: "Path to a dedicated WAL directory.")
    var walDir: String?

    @Option(name: .customLong("listen-client-urls"), help: "URLs to listen on for client traffic.")
    var listenClientURLs = "http://localhost:2379"

    @Option(name: .customLong("advertise-client-urls"), help: "This member's client URLs to advertise to the cluster.")
    var advertiseClientURLs = "http://localhost:2379"

    @Option(name: .customLong("listen-peer-urls"), help: "URLs to listen on for peer traffic.")
    var listenPeerURLs = "http://localhost:2380"

    @Option(name: .customLong("initial-advertise-peer-urls"), help: "This member's peer URLs to advertise to the cluster.")
    var initialAdvertisePeerURLs = "http://localhost:2380"

    @Option(name: .customLong("initial-cluster"), help: "Initial cluster configuration for bootstrapping (name=peerURL,...; default: <name>=<initial-advertise-peer-urls>).")
    var initialCluster: String?

    @Option(name: .customLong("initial-cluster-token"), help: "Initial cluster token, which makes the cluster's ids unique.")
    var initialClusterToken = "etcd-cluster"

    @Option(name: .customLong("initial-cluster-state"), help: "Initial cluster state ('new' or 'existing').")
    var initialClusterState = "new"

    @Option(name: .customLong("heartbeat-interval"), help: "Time (in milliseconds) of a heartbeat interval.")
    var heartbeatInterval = 100

    @Option(name: .customLong("election-timeout"), help: "Time (in milliseconds) for an election to timeout.")
    var electionTimeout = 1_000

    @Option(name: .customLong("snapshot-count"), help: "Number of committed transactions to trigger a snapshot to disk.")
    var snapshotCount: UInt64 = 100_000

    @Option(name: .customLong("experimental-snapshot-catchup-entries"), help: "Entries kept after a snapshot so a slow follower can catch up from the log instead of a snapshot.")
    var snapshotCatchUpEntries: UInt64 = 5_000

    @Option(name: .customLong("quota-backend-bytes"), help: "Raise an alarm when the backend size exceeds this quota (0 means the default, 2 GiB; negative turns the quota off).")
    var quotaBackendBytes: Int64 = 0

    @Option(name: .customLong("max-request-bytes"), help: "Maximum client request size in bytes the server will accept.")
    var maxRequestBytes = 1_572_864

    @Option(name: .customLong("max-txn-ops"), help: "Maximum number of operations permitted in a transaction.")
    var maxTxnOps = 128

    @Option(name: .customLong("listen-metrics-urls"), help: "URLs to listen on for /metrics and /health.")
    var listenMetricsURLs = ""

    @Option(name: .customLong("cert-file"), help: "Path to the client server TLS cert file.")
    var certFile = ""

    @Option(name: .customLong("key-file"), help: "Path to the client server TLS key file.")
    var keyFile = ""

    @Option(name: .customLong("trusted-ca-file"), help: "Path to the client server TLS trusted CA cert file.")
    var trustedCAFile = ""

    @Flag(name: .customLong("client-cert-auth"), inversion: .prefixedNo, help: "Enable client cert authentication.")
    var clientCertAuth = false

    @Flag(name: .customLong("auto-tls"), inversion: .prefixedNo, help: "Client TLS using generated certificates.")
    var autoTLS = false

    @Option(name: .customLong("peer-cert-file"), help: "Path to the peer server TLS cert file.")
    var peerCertFile = ""

    @Option(name: .customLong("peer-key-file"), help: "Path to the peer server TLS key file.")
    var peerKeyFile = ""

    @Option(name: .customLong("peer-trusted-ca-file"), help: "Path to the peer server TLS trusted CA file.")
    var peerTrustedCAFile = ""

    @Flag(name: .customLong("peer-client-cert-auth"), inversion: .prefixedNo, help: "Enable peer client cert authentication.")
    var peerClientCertAuth = false

    @Flag(name: .customLong("peer-auto-tls"), inversion: .prefixedNo, help: "Peer TLS using generated certificates.")
    var peerAutoTLS = false

    @Option(name: .customLong("cipher-suites"), help: "Comma-separated list of supported TLS cipher suites between client/server and peers (empty will be auto-populated).")
    var cipherSuites = ""

    @Flag(name: .customLong("strict-reconfig-check"), inversion: .prefixedNo,
          help: "Reject reconfiguration requests that would cause quorum loss.")
    var strictReconfigCheck = true

    @Option(name: .customLong("log-level"), help: "Log level: debug, info, warn, error, panic or fatal.")
    var logLevel = "info"

    @Option(name: .customLong("log-format"), help: "Log format: text or json.")
    var logFormat = "text"

    static func main() async {
        do {
            let arguments = try EnvironmentFlags.merge(
                arguments: Array(CommandLine.arguments.dropFirst()),
                environment: ProcessEnvironment.current,
                knownFlags: Self.knownFlagNames, booleanFlags: Self.booleanFlagNames)
            try checkFailpoints(ProcessEnvironment.current[FailpointTable.variable])
            var command = try parseAsRoot(arguments)
            if var kvd = command as? Kvd {
                try await kvd.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }

    /// A failpoint a test meant to arm but misspelled would leave the run proving nothing.
    static func checkFailpoints(_ value: String?) throws {
        guard let value else { return }
        do {
            _ = try FailpointTable.parse(value)
        } catch {
            throw ValidationError("\(FailpointTable.variable): \(error)")
        }
    }

    /// The long flag names this command accepts, for matching environment variables.
    static var knownFlagNames: [String] {
        ["name", "data-dir", "wal-dir", "listen-client-urls", "advertise-client-urls", "listen-peer-urls",
         "initial-advertise-peer-urls", "initial-cluster", "initial-cluster-token", "initial-cluster-state",
         "heartbeat-interval", "election-timeout", "snapshot-count", "experimental-snapshot-catchup-entries",
         "quota-backend-bytes", "max-request-bytes",
         "max-txn-ops", "listen-metrics-urls", "log-level", "log-format",
         "cert-file", "key-file", "trusted-ca-file", "peer-cert-file", "peer-key-file", "peer-trusted-ca-file",
         "cipher-suites"] + booleanFlagNames.sorted()
    }

    static let booleanFlagNames: Set<String> = [
        "client-cert-auth", "auto-tls", "peer-client-cert-auth", "peer-auto-tls", "strict-reconfig-check",
    ]

    mutating func run() async throws {
        let logger = try LogSetup.bootstrap(level: logLevel, format: logFormat)
        if let armed = ProcessEnvironment.current[FailpointTable.variable], !armed.isEmpty {
            logger.warning("failpoints armed (\(FailpointTable.variable)): \(armed)")
        }
        let configuration = try nodeConfiguration()
        try await MemberProcess(configuration: configuration, logger: logger).run()
    }

    func nodeConfiguration() throws -> NodeConfiguration {
        var c = try NodeConfiguration()
        c.name = name
        c.dataDirectory = dataDir ?? "\(name).kvd"
        c.walDirectory = walDir
        c.listenClientURLs = try Self.urls(listenClientURLs, flag: "listen-client-urls")
        c.advertiseClientURLs = try Self.urls(advertiseClientURLs, flag: "advertise-client-urls")
        c.listenPeerURLs = try Self.urls(listenPeerURLs, flag: "listen-peer-urls")
        c.initialAdvertisePeerURLs = try Self.urls(initialAdvertisePeerURLs, flag: "initial-advertise-peer-urls")
        let cluster = initialCluster ?? c.initialAdvertisePeerURLs.map { "\(name)=\($0)" }.joined(separator: ",")
        do {
            c.initialCluster = try InitialCluster(parsing: cluster)
        } catch {
            throw ValidationError("--initial-cluster: \(error)")
        }
        c.initialClusterToken = initialClusterToken
        guard let state = NodeConfiguration.ClusterState(rawValue: initialClusterState) else {
            throw ValidationError("--initial-cluster-state must be 'new' or 'existing', not '\(initialClusterState)'")
        }
        c.initialClusterState = state
        c.heartbeatIntervalMs = heartbeatInterval
        c.electionTimeoutMs = electionTimeout
        c.snapshotCount = snapshotCount
        c.snapshotCatchUpEntries = snapshotCatchUpEntries
        if quotaBackendBytes != 0 { c.quotaBackendBytes = quotaBackendBytes < 0 ? BackendQuota.disabledBytes : quotaBackendBytes }
        c.limits.maxRequestBytes = maxRequestBytes
        c.limits.maxTxnOps = maxTxnOps
        c.strictReconfigCheck = strictReconfigCheck
        let suites = cipherSuites.split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }
        c.clientTLS = tlsSettings(.client, certFile, keyFile, trustedCAFile, clientCertAuth, autoTLS, suites)
        c.peerTLS = tlsSettings(.peer, peerCertFile, peerKeyFile, peerTrustedCAFile, peerClientCertAuth, peerAutoTLS, suites)
        if !listenMetricsURLs.isEmpty {
            c.listenMetricsURLs = try Self.urls(listenMetricsURLs, flag: "listen-metrics-urls")
        }
        return c
    }

    private func tlsSettings(
        _ side: TLSSettings.Side, _ certFile: String, _ keyFile: String, _ trustedCAFile: String,
        _ clientCertAuth: Bool, _ autoTLS: Bool, _ cipherSuites: [String]
    ) -> TLSSettings {
        var settings = TLSSettings(side: side)
        settings.certFile = certFile
        settings.keyFile = keyFile
        settings.trustedCAFile = trustedCAFile
        settings.clientCertAuth = clientCertAuth
        settings.autoTLS = autoTLS
        settings.cipherSuites = cipherSuites
        return settings
    }

    static func urls(_ text: String, flag: String) throws -> [PeerURL] {
        do {
            return try text.split(separator: ",").map { try PeerURL(parsing: String($0)) }
        } catch {
            throw ValidationError("--\(flag): \(error)")
        }
    }
}
