import API
import Client

/// After the faults: every member reaches the final revision, answers linearizable reads of
/// every key (recorded, so the checker sees what survived), and hashes its store alike.
struct Convergence: Sendable {
    static let firstClient = 2_000
    var endpoints: [Endpoint]
    var clock: HarnessClock
    var history: History

    func check(revision final: Int64, keys: [String]) async throws -> [String] {
        var findings: [String] = []
        var hashes: [String: UInt32] = [:]
        for (index, endpoint) in endpoints.enumerated() {
            let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .seconds(1), commandTimeout: .seconds(5)))
            var reached: Int64 = 0
            await Campaign.waitUntil(seconds: 60) {
                let response = try? await client.withConnection(to: endpoint) { connection in
                    try await connection.kv.range(EtcdRequests.range(Campaign.fenceKey, serializable: true),
                                                  metadata: connection.metadata, options: connection.options)
                }
                reached = response?.header.revision ?? reached
                return reached >= final
            }
            guard reached >= final else {
                findings.append("m\(index) stayed at revision \(reached), short of \(final)")
                continue
            }
            do {
                try await client.withConnection(to: endpoint) { connection in
                    for key in keys { try await read(key, client: Self.firstClient + index, on: connection) }
                    var request = Etcdserverpb_HashKVRequest()
                    request.revision = final
                    let answer = try await connection.maintenance.hashKV(request, metadata: connection.metadata,
                                                                        options: connection.options)
                    hashes["m\(index)"] = answer.hash
                }
            } catch {
                findings.append("m\(index) failed its final reads or HashKV: \(error)")
            }
        }
        if Set(hashes.values).count > 1 {
            findings.append("HashKV at revision \(final) differs: \(hashes.sorted { $0.key < $1.key })")
        }
        return findings
    }

    private func read(_ key: String, client: Int, on connection: EtcdConnection) async throws {
        let call = clock.nanoseconds
        let response = try await connection.kv.range(EtcdRequests.range(key, serializable: false),
                                                     metadata: connection.metadata, options: connection.options)
        history.record(ClientOperation(client: client, request: .read(key: key, serializable: false), call: call,
                                       outcome: .ok(EtcdRequests.readResult(response), returned: clock.nanoseconds)))
    }
}
