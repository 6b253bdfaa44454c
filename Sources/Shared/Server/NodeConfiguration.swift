import Member
import TLS

/// A member's settings as etcd's flags express them (kvd's command line fills it in).
public struct NodeConfiguration: Sendable {
    public enum ClusterState: String, Sendable {
        case new
        case existing
    }

    public var name = "default"
    public var dataDirectory = "default.kvd"
    public var walDirectory: String?
    public var listenClientURLs: [PeerURL]
    public var advertiseClientURLs: [PeerURL]
    public var listenPeerURLs: [PeerURL]
    /// Where `/metrics` and `/health` are served; none when empty.
    public var listenMetricsURLs: [PeerURL] = []
    public var initialAdvertisePeerURLs: [PeerURL]
    public var initialCluster: InitialCluster
    public var initialClusterToken = "etcd-cluster"
    public var initialClusterState = ClusterState.new
    public var heartbeatIntervalMs = 100
    public var electionTimeoutMs = 1_000
    public var snapshotCount: UInt64 = 100_000
    public var snapshotCatchUpEntries: UInt64 = 5_000
    /// Past this size the member raises the NOSPACE alarm and refuses writes that add data.
    public var quotaBackendBytes: Int64 = BackendQuota.defaultBytes
    public var limits = RequestLimits()
    /// etcd's `--strict-reconfig-check`: refuse membership changes that could cost the quorum.
    public var strictReconfigCheck = true
    /// `--cert-file` and friends: https client URLs, and how a follower dials the leader's.
    public var clientTLS = TLSSettings(side: .client)
    /// `--peer-cert-file` and friends: https peer URLs, served and dialled.
    public var peerTLS = TLSSettings(side: .peer)

    /// etcd's defaults: one member named `default` on localhost.
    public init() throws {
        listenClientURLs = [try PeerURL(parsing: "http://localhost:2379")]
        advertiseClientURLs = listenClientURLs
        listenPeerURLs = [try PeerURL(parsing: "http://localhost:2380")]
        initialAdvertisePeerURLs = listenPeerURLs
        initialCluster = try InitialCluster(parsing: "default=http://localhost:2380")
    }

    /// Ticks are heartbeats; the election timeout is a whole number of them, as in etcd.
    var electionTicks: Int { max(2, electionTimeoutMs / max(1, heartbeatIntervalMs)) }

    /// etcd's request timeout, 5 s plus two election timeouts, in ticks (rounded up).
    var requestTimeoutTicks: UInt64 {
        let heartbeat = max(1, heartbeatIntervalMs)
        return UInt64((5_000 + heartbeat - 1) / heartbeat + 2 * electionTicks)
    }

    func validate() throws(BootstrapError) {
        if heartbeatIntervalMs <= 0 { throw .invalid("--heartbeat-interval must be positive") }
        if electionTimeoutMs < 5 * heartbeatIntervalMs {
            throw .invalid("--election-timeout[\(electionTimeoutMs)ms] should be at least as 5 times as --heartbeat-interval[\(heartbeatIntervalMs)ms]")
        }
        if limits.maxTxnOps <= 0 { throw .invalid("--max-txn-ops must be positive") }
        if limits.maxRequestBytes <= 0 { throw .invalid("--max-request-bytes must be positive") }
        if quotaBackendBytes <= 0 { throw .invalid("--quota-backend-bytes must be positive") }
        do {
            try clientTLS.check()
            try peerTLS.check()
        } catch {
            throw .invalid(error.description)
        }
    }
}

public struct BootstrapError: Error, Equatable, CustomStringConvertible {
    public var description: String

    static func invalid(_ message: String) -> BootstrapError { BootstrapError(description: message) }
}
