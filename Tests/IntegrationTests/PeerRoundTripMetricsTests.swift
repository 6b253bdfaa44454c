import Foundation
import TestSupport
import Testing

extension Integration {
    /// Each member probes its peers and reports the round trips under etcd's series name,
    /// one histogram per peer (label `To`, the peer's id in hex).
    @Suite struct PeerRoundTripMetricsTests {
        @Test func roundTripsToEveryPeerAreOnMetrics() throws {
            let metricsPort = try freePort()
            let cluster = try ProcessCluster(.kvd, size: 3, memberFlags: { name in
                name == "m0" ? ["--listen-metrics-urls", "http://127.0.0.1:\(metricsPort)"] : []
            })
            defer { cluster.stop() }
            let list = try Etcdctl.run(["member", "list"], endpoints: cluster.endpoints).stdout
            let peers = list.split(separator: "\n").filter { !$0.contains(", m0,") }.map { String($0.prefix { $0 != "," }) }
            #expect(peers.count == 2)
            var metrics = ""
            for _ in 0..<50 {
                metrics = try runCommand(URL(fileURLWithPath: "/usr/bin/curl"),
                                         ["-s", "--max-time", "5", "http://127.0.0.1:\(metricsPort)/metrics"]).stdout
                if peers.allSatisfy({ metrics.contains("etcd_network_peer_round_trip_time_seconds_count{To=\"\($0)\"}") }) { break }
                Thread.sleep(forTimeInterval: 0.2)
            }
            for peer in peers {
                #expect(metrics.contains("etcd_network_peer_round_trip_time_seconds_bucket{To=\"\(peer)\",le=\"0.0001\"}"),
                        "no round trips to \(peer) in:\n\(metrics)")
                #expect(metrics.contains("etcd_network_peer_round_trip_time_seconds_count{To=\"\(peer)\"}"))
            }
        }
    }
}
