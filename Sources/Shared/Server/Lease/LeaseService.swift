import API
import Foundation
import GRPCCore
import MVCC
import Member

/// etcd's Lease service. Grants and revokes go through Raft; keepalives and time-to-live
/// answer from the `LeaseKeeper`'s deadlines on the leader, and a follower forwards those two
/// to the leader's client URL (`LeaderForwarder`) over `leader`.
public struct LeaseService: Etcdserverpb_Lease.SimpleServiceProtocol {
    let context: ServiceContext
    let keeper: LeaseKeeper
    private let ids: LeaseIDGenerator
    private let forwarder: LeaderForwarder

    public init(context: ServiceContext, keeper: LeaseKeeper, leader: LeaderConnection = LeaderConnection()) {
        self.context = context
        self.keeper = keeper
        forwarder = LeaderForwarder(member: context.member, connection: leader)
        ids = LeaseIDGenerator(memberID: context.member.id)
    }

    public func leaseGrant(
        request: Etcdserverpb_LeaseGrantRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_LeaseGrantResponse {
        try await grant(request)
    }

    public func leaseRevoke(
        request: Etcdserverpb_LeaseRevokeRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_LeaseRevokeResponse {
        try await revoke(request)
    }

    public func leaseKeepAlive(
        request: RPCAsyncSequence<Etcdserverpb_LeaseKeepAliveRequest, any Error>,
        response: RPCWriter<Etcdserverpb_LeaseKeepAliveResponse>,
        context _: ServerContext
    ) async throws {
        for try await message in request {
            if await forwarder.mustForward() {
                try await response.write(try await withEtcdErrors { try await forwarder.keepAlive(message) })
            } else {
                try await response.write(try await keepAlive(message))
            }
        }
    }

    public func leaseTimeToLive(
        request: Etcdserverpb_LeaseTimeToLiveRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_LeaseTimeToLiveResponse {
        if await forwarder.mustForward() {
            return try await withEtcdErrors { try await forwarder.timeToLive(request) }
        }
        return try await timeToLive(request)
    }

    public func leaseLeases(
        request _: Etcdserverpb_LeaseLeasesRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_LeaseLeasesResponse {
        try await leases()
    }

    // MARK: The work, apart from gRPC's plumbing

    /// etcd raises a TTL below the minimum to it, and picks the id when the client names none.
    func grant(_ request: Etcdserverpb_LeaseGrantRequest) async throws(RPCError) -> Etcdserverpb_LeaseGrantResponse {
        try await withEtcdErrors {
            let id = request.id != 0 ? request.id : ids.next()
            let ttl = max(request.ttl, keeper.configuration.minTTLSeconds)
            guard case .leaseGrant(let revision, let id, let ttl) = try await context.proposeWithinQuota(.leaseGrant(id: id, ttl: ttl))
            else { throw EtcdError.unexpectedResponse(to: "LeaseGrant") }
            var response = Etcdserverpb_LeaseGrantResponse()
            response.header = context.header(revision: revision)
            response.id = id
            response.ttl = ttl
            return response
        }
    }

    /// Deletes the lease's keys at one revision.
    func revoke(_ request: Etcdserverpb_LeaseRevokeRequest) async throws(RPCError) -> Etcdserverpb_LeaseRevokeResponse {
        try await withEtcdErrors {
            guard case .leaseRevoke(let revision) = try await context.member.propose(.leaseRevoke(id: request.id))
            else { throw EtcdError.unexpectedResponse(to: "LeaseRevoke") }
            keeper.forget(request.id)
            var response = Etcdserverpb_LeaseRevokeResponse()
            response.header = context.header(revision: revision)
            return response
        }
    }

    /// The header is taken before the renewal, as etcd does, so that it never shows a revision
    /// later than one at which the lease was still alive.
    func keepAlive(_ request: Etcdserverpb_LeaseKeepAliveRequest) async throws(RPCError) -> Etcdserverpb_LeaseKeepAliveResponse {
        try await withEtcdErrors {
            var response = Etcdserverpb_LeaseKeepAliveResponse()
            response.header = try context.currentHeader()
            response.id = request.id
            response.ttl = try await keeper.renew(request.id)
            return response
        }
    }

    /// An unknown lease is no error: etcd answers TTL -1.
    func timeToLive(_ request: Etcdserverpb_LeaseTimeToLiveRequest) async throws(RPCError) -> Etcdserverpb_LeaseTimeToLiveResponse {
        try await withEtcdErrors {
            var response = Etcdserverpb_LeaseTimeToLiveResponse()
            response.id = request.id
            guard let (lease, remaining) = try await keeper.timeToLive(request.id) else {
                response.header = try context.currentHeader()
                response.ttl = -1
                return response
            }
            // etcd truncates toward zero, so a lease past its deadline awaiting revoke shows 0 or less.
            response.ttl = Int64(remaining / .seconds(1))
            response.grantedTtl = lease.ttl
            if request.keys {
                response.keys = try context.member.store.leaseKeys(id: lease.id).map { Data($0) }
            }
            response.header = try context.currentHeader()
            return response
        }
    }

    func leases() async throws(RPCError) -> Etcdserverpb_LeaseLeasesResponse {
        try await withEtcdErrors {
            var response = Etcdserverpb_LeaseLeasesResponse()
            response.leases = try context.member.store.leases().map { lease in
                var status = Etcdserverpb_LeaseStatus()
                status.id = lease.id
                return status
            }
            response.header = try context.currentHeader()
            return response
        }
    }
}
