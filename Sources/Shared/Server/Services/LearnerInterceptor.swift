import GRPCCore
import Member

/// As etcd 3.4, a learner serves its clients only Status and serializable Range; anything else
/// gets "etcdserver: rpc not supported for learner" (Unavailable), so clients move on to a
/// voter. Range's `serializable` is in the message, so `KVService` checks that one itself.
struct LearnerInterceptor: ServerInterceptor {
    let member: Member

    static let servedByLearners: Set<String> = ["etcdserverpb.Maintenance/Status", "etcdserverpb.KV/Range"]

    func intercept<Input: Sendable, Output: Sendable>(
        request: StreamingServerRequest<Input>,
        context: ServerContext,
        next: @Sendable (StreamingServerRequest<Input>, ServerContext) async throws -> StreamingServerResponse<Output>
    ) async throws -> StreamingServerResponse<Output> {
        let method = "\(context.descriptor.service.fullyQualifiedService)/\(context.descriptor.method)"
        if member.isLearner && !Self.servedByLearners.contains(method) { throw EtcdError.notSupportedForLearner }
        return try await next(request, context)
    }
}
