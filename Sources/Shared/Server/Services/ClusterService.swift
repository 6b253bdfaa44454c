import API
import GRPCCore

/// etcd's Cluster service. The membership is the one kvd started with: changes are not
/// implemented yet, so only MemberList answers.
public struct ClusterService: Etcdserverpb_Cluster.SimpleServiceProtocol {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    public func memberAdd(request _: Etcdserverpb_MemberAddRequest, context _: ServerContext) async throws -> Etcdserverpb_MemberAddResponse {
        throw EtcdError.unimplemented("MemberAdd")
    }

    public func memberRemove(
        request _: Etcdserverpb_MemberRemoveRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberRemoveResponse {
        throw EtcdError.unimplemented("MemberRemove")
    }

    public func memberUpdate(
        request _: Etcdserverpb_MemberUpdateRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberUpdateResponse {
        throw EtcdError.unimplemented("MemberUpdate")
    }

    public func memberList(
        request: Etcdserverpb_MemberListRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberListResponse {
        try await memberList(request)
    }

    public func memberPromote(
        request _: Etcdserverpb_MemberPromoteRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberPromoteResponse {
        throw EtcdError.unimplemented("MemberPromote")
    }

    // MARK: The work, apart from gRPC's plumbing

    /// etcd's membership headers carry no revision. `linearizable` (etcd 3.5) waits for a
    /// read barrier first.
    func memberList(_ request: Etcdserverpb_MemberListRequest) async throws(RPCError) -> Etcdserverpb_MemberListResponse {
        try await withEtcdErrors {
            if request.linearizable { try await context.member.linearizableRead() }
            var response = Etcdserverpb_MemberListResponse()
            response.header = await context.header(revision: 0)
            response.members = await context.member.cluster.members.map(Etcdserverpb_Member.init)
            return response
        }
    }
}

extension Etcdserverpb_Member {
    init(_ member: MemberInfo) {
        self.init()
        id = member.id
        name = member.name
        peerUrls = member.peerURLs
        clientUrls = member.clientURLs
        isLearner = member.isLearner
    }
}
