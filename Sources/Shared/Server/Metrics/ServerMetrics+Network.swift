import Member
import Prometheus

/// The series of the server's edges (client RPCs, peer links), under etcd's names.
extension ServerMetrics {
    /// etcd's buckets for peer round trips: 0.1 ms to about 3.3 s, doubling.
    static let roundTripBuckets: [Duration] = (0..<16).map { .microseconds(100 << $0) }

    /// One probe's round trip to `peer`, labelled as etcd labels it (`To`, the id in hex, unpadded).
    public func peerRoundTrip(to peer: UInt64, _ duration: Duration) {
        registry.makeDurationHistogram(
            descriptor: Self.descriptor("etcd_network_peer_round_trip_time_seconds", "Round-Trip-Time histogram between peers"),
            labels: [("To", String(peer, radix: 16))], buckets: Self.roundTripBuckets
        ).record(duration)
    }

    /// Counts one gRPC call as etcd's go-grpc-prometheus does.
    func handled(service: String, method: String, type: String, code: String) {
        registry.makeCounter(descriptor: Self.descriptor("grpc_server_handled_total", "Total number of RPCs completed on the server, regardless of success or failure."), labels: [
            ("grpc_type", type), ("grpc_service", service), ("grpc_method", method), ("grpc_code", code),
        ]).increment()
    }

    func started(service: String, method: String, type: String) {
        registry.makeCounter(descriptor: Self.descriptor("grpc_server_started_total", "Total number of RPCs started on the server."), labels: [
            ("grpc_type", type), ("grpc_service", service), ("grpc_method", method),
        ]).increment()
    }
}
