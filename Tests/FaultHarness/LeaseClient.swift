import API
import Client
import GRPCCore
import TestSupport

/// Grants leases, attaches a key to each, keeps some alive for a while, revokes some and lets
/// the rest expire, reading the key until it is gone: every observation goes into its record.
struct LeaseClient: Sendable {
    var endpoints: [Endpoint]
    var clock: HarnessClock
    var deadlineNanoseconds: UInt64
    var random: SeededRandom
    static let ttlSeconds: Int64 = 3
    /// Each lease ends with a pause of a tenth of a second.
    private var leasesMax: Int { Int(Double(deadlineNanoseconds) / 1e8) + 2 }

    func run() async -> [LeaseRecord] {
        var random = self.random
        var records: [LeaseRecord] = []
        for number in 0..<leasesMax {
            guard clock.nanoseconds < deadlineNanoseconds, !Task.isCancelled else { return records }
            let endpoint = endpoints[number % endpoints.count]
            let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .seconds(1), commandTimeout: .seconds(2)))
            let record = try? await client.withConnection(to: endpoint) { connection in
                try await exercise(number, on: connection, random: &random)
            }
            if let record { records.append(record) }
            try? await Task.sleep(for: .milliseconds(100))
        }
        preconditionFailure("the lease client outran its bound before the deadline")
    }

    /// One lease's life; nil when its grant or its key's put did not certainly happen.
    private func exercise(_ number: Int, on connection: EtcdConnection, random: inout SeededRandom) async throws -> LeaseRecord? {
        let (metadata, options) = (connection.metadata, connection.options)
        var grant = Etcdserverpb_LeaseGrantRequest()
        grant.ttl = Self.ttlSeconds
        let granted = clock.nanoseconds
        let lease = try await connection.lease.leaseGrant(grant, metadata: metadata, options: options).id
        var record = LeaseRecord(lease: lease, ttlSeconds: Self.ttlSeconds, key: "l/\(number)", refreshed: granted)
        var put = EtcdRequests.put(record.key, "lease-\(number)")
        put.lease = lease
        _ = try await connection.kv.put(put, metadata: metadata, options: options)
        for _ in 0..<Int.random(in: 0...3, using: &random) {
            try await Task.sleep(for: .seconds(1))
            let sent = clock.nanoseconds
            guard let ttl = try? await keepAlive(lease, on: connection) else { continue }
            if ttl > 0 { record.refreshed = sent } else { record.seenGone.append(clock.nanoseconds) }
        }
        if Bool.random(using: &random) {
            record.revokeCalled = clock.nanoseconds
            var revoke = Etcdserverpb_LeaseRevokeRequest()
            revoke.id = lease
            _ = try? await connection.lease.leaseRevoke(revoke, metadata: metadata, options: options)
        }
        let patience = record.refreshed + UInt64(Self.ttlSeconds + 5) * 1_000_000_000
        while record.seenGone.isEmpty && clock.nanoseconds < patience {
            let range = try? await connection.kv.range(EtcdRequests.range(record.key, serializable: false),
                                                       metadata: metadata, options: options)
            if let range, range.kvs.isEmpty { record.seenGone.append(clock.nanoseconds) }
            try await Task.sleep(for: .milliseconds(200))
        }
        return record
    }

    /// One keep-alive on a stream of its own: the TTL the server answered (0: no such lease).
    private func keepAlive(_ lease: Int64, on connection: EtcdConnection) async throws -> Int64 {
        var request = Etcdserverpb_LeaseKeepAliveRequest()
        request.id = lease
        let message = request
        return try await connection.lease.leaseKeepAlive(metadata: connection.metadata, options: connection.options) { writer in
            try await writer.write(message)
        } onResponse: { response in
            for try await answer in response.messages { return answer.ttl }
            throw CampaignError("the keep-alive stream of lease \(lease) ended without an answer")
        }
    }
}
