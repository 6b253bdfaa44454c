import API
import Client
import Synchronization

/// The harness's own writes to one key, in the history like any client's: the first shows
/// the cluster serves, the last marks the revision every member must reach.
final class Fences: Sendable {
    static let client = 1_000
    private let endpoints: [Endpoint]
    private let clock: HarnessClock
    private let history: History
    private let written = Mutex(0)

    init(endpoints: [Endpoint], clock: HarnessClock, history: History) {
        self.endpoints = endpoints
        self.clock = clock
        self.history = history
    }

    /// Puts the next fence value through the members in turn until one acknowledges it; its revision.
    func write(patienceSeconds: Double) async throws -> Int64 {
        let deadline = clock.nanoseconds + UInt64(patienceSeconds * 1e9)
        for attempt in 0..<10_000 where clock.nanoseconds < deadline {
            // A value per attempt: an unknown attempt may still commit, after a later one.
            let value = "fence-\(written.withLock { $0 += 1; return $0 })"
            let request = ClientOperation.Request.put(key: Campaign.fenceKey, value: value)
            let endpoint = endpoints[attempt % endpoints.count]
            let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .seconds(1), commandTimeout: .seconds(2)))
            let call = clock.nanoseconds
            do {
                let response = try await client.withConnection(to: endpoint) { connection in
                    try await connection.kv.put(EtcdRequests.put(Campaign.fenceKey, value), metadata: connection.metadata,
                                                options: connection.options)
                }
                history.record(ClientOperation(client: Self.client, request: request, call: call,
                                               outcome: .ok(.written(revision: response.header.revision), returned: clock.nanoseconds)))
                return response.header.revision
            } catch {
                history.record(ClientOperation(client: Self.client, request: request, call: call,
                                               outcome: KVClient.outcome(of: error, for: request)))
                try await Task.sleep(for: .milliseconds(200))
            }
        }
        throw CampaignError("no member acknowledged a write of \(Campaign.fenceKey) within \(patienceSeconds) s")
    }
}

public struct CampaignError: Error, CustomStringConvertible {
    public var description: String
    init(_ description: String) { self.description = description }
}
