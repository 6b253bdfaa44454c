import GRPCCore
import Member
import Raft

/// etcd's require-leader: a call whose metadata says `hasleader: true` (etcdctl's watch, and
/// any etcd client using `WithRequireLeader`) is refused with "etcdserver: no leader" while
/// this member knows no leader. Such a stream is ended the same way once the member has gone
/// `noLeaderChecksMax` election timeouts in a row without one, so its client moves to a
/// member that can still serve it, rather than waiting on one cut off from the cluster.
struct RequireLeaderInterceptor: ServerInterceptor {
    let member: Member
    let electionTimeout: Duration

    static let metadataKey = "hasleader"
    static let noLeaderChecksMax = 3
    static let streams: Set<String> = [
        "etcdserverpb.Watch/Watch", "etcdserverpb.Lease/LeaseKeepAlive", "etcdserverpb.Maintenance/Snapshot",
    ]

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        guard request.metadata[stringValues: Self.metadataKey].contains("true") else {
            return try await next(request, context)
        }
        guard member.leader != noNode else { throw EtcdError.noLeader }
        var response = try await next(request, context)
        let method = "\(context.descriptor.service.fullyQualifiedService)/\(context.descriptor.method)"
        guard Self.streams.contains(method), case .success(var contents) = response.accepted else { return response }
        let producer = contents.producer
        let member = self.member
        let interval = electionTimeout
        contents.producer = { writer in
            try await withThrowingTaskGroup(of: Metadata.self) { group in
                group.addTask { try await producer(writer) }
                group.addTask {
                    try await Self.waitForLeaderLoss(of: member, checkEvery: interval)
                    throw EtcdError.noLeader
                }
                // The first to finish decides; leaving the group cancels the other.
                defer { group.cancelAll() }
                return try await group.next()!
            }
        }
        response.accepted = .success(contents)
        return response
    }

    /// Returns once the member has known no leader at `noLeaderChecksMax` checks in a row.
    private static func waitForLeaderLoss(of member: Member, checkEvery interval: Duration) async throws {
        var missed = 0
        while missed < noLeaderChecksMax {
            try await Task.sleep(for: interval)
            missed = member.leader == noNode ? missed + 1 : 0
        }
    }
}
