import API
import ArgumentParser
import Client

/// `--cluster`: the commands that ask every endpoint ask every member instead.
struct ClusterOption: ParsableArguments {
    @Flag(help: "use all endpoints from the cluster member list") var cluster = false

    /// The endpoints to ask: the configured ones, or every member's client URLs.
    func endpoints(_ settings: Settings) async throws -> [Endpoint] {
        guard cluster else { return settings.configuration.endpoints }
        let response = try await settings.client.withConnection {
            try await $0.cluster.memberList(Etcdserverpb_MemberListRequest(), metadata: $0.metadata, options: $0.options)
        }
        var endpoints: [Endpoint] = []
        for url in response.members.flatMap(\.clientUrls) where !endpoints.contains(where: { $0.description == url }) {
            do { endpoints.append(try Endpoint(parsing: url)) } catch { throw KvctlError.failed(error.description) }
        }
        return endpoints
    }
}

extension Settings {
    /// Asks each endpoint at once; the answers (or errors) come back in the endpoints' order.
    func askEach<Answer: Sendable>(
        _ endpoints: [Endpoint], _ ask: @escaping @Sendable (EtcdConnection) async throws -> Answer
    ) async -> [(endpoint: Endpoint, result: Result<Answer, any Error>)] {
        let client = self.client
        return await withTaskGroup(of: (Int, Result<Answer, any Error>).self) { group in
            for (index, endpoint) in endpoints.enumerated() {
                group.addTask {
                    do { return (index, .success(try await client.withConnection(to: endpoint, ask))) } catch { return (index, .failure(error)) }
                }
            }
            var results: [(Int, Result<Answer, any Error>)] = []
            for await result in group { results.append(result) }
            return results.sorted { $0.0 < $1.0 }.map { (endpoints[$0.0], $0.1) }
        }
    }
}
