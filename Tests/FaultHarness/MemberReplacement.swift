import API
import Client
import Foundation
import GRPCCore

/// A membership change under load, as an operator makes one: a member removed, its data
/// wiped, added back as a learner on the same peer URL, started to join, and promoted once
/// the leader finds it caught up. Each call is retried on the other members until it takes
/// (a retried call that had already taken effect is recognized by the member list).
struct MemberReplacement: Sendable {
    var cluster: HarnessCluster
    var patienceSeconds: Double = 60

    func replace(_ target: Int) async throws -> String {
        let peerURL = cluster.members[target].peerURL
        let old = try await member(at: peerURL)
        try await retrying("remove \(cluster.members[target].name)") { connection in
            var request = Etcdserverpb_MemberRemoveRequest()
            request.id = old.id
            do {
                _ = try await connection.cluster.memberRemove(request, metadata: connection.metadata, options: connection.options)
            } catch {
                if try await member(at: peerURL, via: connection)?.id == old.id { throw error }
            }
        }
        await cluster.kill(target)
        try await cluster.wipe(target)
        let learner = try await retrying("add \(cluster.members[target].name) as a learner") { connection in
            var request = Etcdserverpb_MemberAddRequest()
            request.peerUrls = [peerURL]
            request.isLearner = true
            do {
                return try await connection.cluster.memberAdd(request, metadata: connection.metadata, options: connection.options).member
            } catch {
                if let added = try await member(at: peerURL, via: connection), added.id != old.id { return added }
                throw error
            }
        }
        let list = try await retrying("list the members") { connection in
            try await connection.cluster.memberList(Etcdserverpb_MemberListRequest(), metadata: connection.metadata,
                                                    options: connection.options).members
        }
        let initialCluster = list.flatMap { member in
            member.peerUrls.map { "\(member.id == learner.id ? cluster.members[target].name : member.name)=\($0)" }
        }.joined(separator: ",")
        try await cluster.start(target, joining: initialCluster)
        try await retrying("promote \(cluster.members[target].name)") { connection in
            var request = Etcdserverpb_MemberPromoteRequest()
            request.id = learner.id
            do {
                _ = try await connection.cluster.memberPromote(request, metadata: connection.metadata, options: connection.options)
            } catch {
                if try await member(at: peerURL, via: connection)?.isLearner != false { throw error }
            }
        }
        return "removed \(String(old.id, radix: 16)), added back as learner \(String(learner.id, radix: 16)), promoted"
    }

    private func member(at peerURL: String) async throws -> Etcdserverpb_Member {
        try await retrying("find the member at \(peerURL)") { connection in
            guard let found = try await member(at: peerURL, via: connection) else {
                throw CampaignError("no member has peer URL \(peerURL)")
            }
            return found
        }
    }

    private func member(at peerURL: String, via connection: EtcdConnection) async throws -> Etcdserverpb_Member? {
        var request = Etcdserverpb_MemberListRequest()
        request.linearizable = true
        let list = try await connection.cluster.memberList(request, metadata: connection.metadata, options: connection.options)
        return list.members.first { $0.peerUrls.contains(peerURL) }
    }

    /// Runs `body` on the running members in turn, pausing between tries, until it succeeds
    /// or the patience runs out (then the last error, named by `what`).
    private func retrying<Result: Sendable>(_ what: String, _ body: (EtcdConnection) async throws -> Result) async throws -> Result {
        let deadline = ContinuousClock.now + .seconds(patienceSeconds)
        var lastError = "no member was running"
        for attempt in 0..<10_000 where ContinuousClock.now < deadline {
            let index = attempt % cluster.members.count
            if await cluster.state(index) == .running, let endpoint = try? Endpoint(parsing: cluster.members[index].clientURL) {
                let client = EtcdClient(ClientConfiguration(endpoints: [endpoint], dialTimeout: .seconds(1), commandTimeout: .seconds(3)))
                do {
                    return try await client.withConnection(to: endpoint) { try await body($0) }
                } catch {
                    lastError = "\(error)"
                }
            }
            try await Task.sleep(for: .milliseconds(250))
        }
        throw CampaignError("could not \(what) within \(patienceSeconds) s: \(lastError)")
    }
}
