import API
import Foundation
import GRPCCore
import Member
import Raft
import TLS

/// etcd's Cluster service: the membership as the log describes it, and run-time changes to it
/// through Raft, with etcd's checks and errors.
public struct ClusterService: Etcdserverpb_Cluster.SimpleServiceProtocol {
    let context: ServiceContext
    let forwarder: LeaderForwarder

    public init(context: ServiceContext, leader: LeaderConnection = LeaderConnection()) {
        self.context = context
        forwarder = LeaderForwarder(member: context.member, connection: leader)
    }

    public func memberAdd(request: Etcdserverpb_MemberAddRequest, context _: ServerContext) async throws -> Etcdserverpb_MemberAddResponse {
        try await memberAdd(request)
    }

    public func memberRemove(
        request: Etcdserverpb_MemberRemoveRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberRemoveResponse {
        try await memberRemove(request)
    }

    public func memberUpdate(
        request: Etcdserverpb_MemberUpdateRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberUpdateResponse {
        try await memberUpdate(request)
    }

    public func memberList(
        request: Etcdserverpb_MemberListRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberListResponse {
        try await memberList(request)
    }

    public func memberPromote(
        request: Etcdserverpb_MemberPromoteRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MemberPromoteResponse {
        try await memberPromote(request)
    }

    // MARK: The work, apart from gRPC's plumbing

    /// etcd's membership headers carry no revision. `linearizable` (etcd 3.5) waits for a
    /// read barrier first.
    func memberList(_ request: Etcdserverpb_MemberListRequest) async throws(RPCError) -> Etcdserverpb_MemberListResponse {
        try await withEtcdErrors {
            if request.linearizable { try await context.member.linearizableRead() }
            var response = Etcdserverpb_MemberListResponse()
            response.header = context.header(revision: 0)
            response.members = await context.member.cluster.members.map(Etcdserverpb_Member.init)
            return response
        }
    }

    /// The new member's id comes from its peer URLs and the time, as etcd makes it; it starts
    /// unnamed ("unstarted") until it joins and publishes its name.
    func memberAdd(_ request: Etcdserverpb_MemberAddRequest) async throws(RPCError) -> Etcdserverpb_MemberAddResponse {
        try await withEtcdErrors {
            let urls = try Self.checkedURLs(request.peerUrls)
            let member = context.member
            let seconds = UInt64(Date().timeIntervalSince1970)
            let id = Identity.memberID(peerURLs: urls, token: "\(hexID(member.clusterID))-\(seconds)")
            let change = MembershipChange(operation: request.isLearner ? .addLearner : .add, memberID: id, peerURLs: urls)
            let members = try await member.changeMembership(change)
            var response = Etcdserverpb_MemberAddResponse()
            response.header = context.header(revision: 0)
            response.member = Etcdserverpb_Member(MemberInfo(id: id, name: "", peerURLs: urls, clientURLs: [],
                                                             isLearner: request.isLearner))
            response.members = members.map(Etcdserverpb_Member.init)
            return response
        }
    }

    func memberRemove(_ request: Etcdserverpb_MemberRemoveRequest) async throws(RPCError) -> Etcdserverpb_MemberRemoveResponse {
        try await withEtcdErrors {
            let members = try await context.member.changeMembership(MembershipChange(operation: .remove, memberID: request.id))
            var response = Etcdserverpb_MemberRemoveResponse()
            response.header = context.header(revision: 0)
            response.members = members.map(Etcdserverpb_Member.init)
            return response
        }
    }

    func memberUpdate(_ request: Etcdserverpb_MemberUpdateRequest) async throws(RPCError) -> Etcdserverpb_MemberUpdateResponse {
        try await withEtcdErrors {
            let urls = try Self.checkedURLs(request.peerUrls)
            let change = MembershipChange(operation: .update, memberID: request.id, peerURLs: urls)
            let members = try await context.member.changeMembership(change)
            var response = Etcdserverpb_MemberUpdateResponse()
            response.header = context.header(revision: 0)
            response.members = members.map(Etcdserverpb_Member.init)
            return response
        }
    }

    /// Judged by the leader: a follower hands the request on to it.
    func memberPromote(_ request: Etcdserverpb_MemberPromoteRequest) async throws(RPCError) -> Etcdserverpb_MemberPromoteResponse {
        try await withEtcdErrors {
            let members: [MemberInfo]
            do {
                members = try await context.member.changeMembership(MembershipChange(operation: .promote, memberID: request.id))
            } catch MembershipError.notLeader {
                return try await forwarder.promote(request)
            }
            var response = Etcdserverpb_MemberPromoteResponse()
            response.header = context.header(revision: 0)
            response.members = members.map(Etcdserverpb_Member.init)
            return response
        }
    }

    /// Peer URLs as etcd accepts them: at least one, each a URL kvd can dial.
    static func checkedURLs(_ urls: [String]) throws(MembershipError) -> [String] {
        guard !urls.isEmpty else { throw .badURLs }
        for url in urls where (try? PeerURL(parsing: url)) == nil { throw .badURLs }
        return urls
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
