import API
import GRPCCore
import MVCC
import Member

/// etcd's KV service. Reads are served locally, after a ReadIndex barrier unless the client
/// asked for a serializable read; writes go through Raft and answer once applied here.
public struct KVService: Etcdserverpb_KV.SimpleServiceProtocol {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    public func range(request: Etcdserverpb_RangeRequest, context _: ServerContext) async throws -> Etcdserverpb_RangeResponse {
        try await range(request)
    }

    public func put(request: Etcdserverpb_PutRequest, context _: ServerContext) async throws -> Etcdserverpb_PutResponse {
        try await put(request)
    }

    public func deleteRange(
        request: Etcdserverpb_DeleteRangeRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_DeleteRangeResponse {
        try await deleteRange(request)
    }

    public func txn(request: Etcdserverpb_TxnRequest, context _: ServerContext) async throws -> Etcdserverpb_TxnResponse {
        try await txn(request)
    }

    public func compact(
        request: Etcdserverpb_CompactionRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_CompactionResponse {
        try await compact(request)
    }

    // MARK: The work, apart from gRPC's plumbing

    func range(_ request: Etcdserverpb_RangeRequest) async throws(RPCError) -> Etcdserverpb_RangeResponse {
        try await withEtcdErrors {
            try RequestValidation.check(request)
            let range = try RangeRequest(request)
            if !request.serializable {
                if context.member.isLearner { throw EtcdError.notSupportedForLearner }
                try await context.member.linearizableRead()
            }
            let response = try context.member.store.range(range)
            return Etcdserverpb_RangeResponse(response, header: context.header(revision: response.revision))
        }
    }

    func put(_ request: Etcdserverpb_PutRequest) async throws(RPCError) -> Etcdserverpb_PutResponse {
        try await withEtcdErrors {
            try RequestValidation.check(request)
            try RequestValidation.checkSize(request, limits: context.limits)
            guard case .put(let response) = try await context.proposeWithinQuota(.put(PutRequest(request))) else {
                throw EtcdError.unexpectedResponse(to: "Put")
            }
            return Etcdserverpb_PutResponse(response, header: context.header(revision: response.revision))
        }
    }

    func deleteRange(_ request: Etcdserverpb_DeleteRangeRequest) async throws(RPCError) -> Etcdserverpb_DeleteRangeResponse {
        try await withEtcdErrors {
            try RequestValidation.check(request)
            try RequestValidation.checkSize(request, limits: context.limits)
            let proposal = Request.deleteRange(DeleteRangeRequest(request))
            guard case .deleteRange(let response) = try await context.member.propose(proposal) else {
                throw EtcdError.unexpectedResponse(to: "DeleteRange")
            }
            return Etcdserverpb_DeleteRangeResponse(response, header: context.header(revision: response.revision))
        }
    }

    /// Every txn goes through Raft, read-only ones included: the store evaluates compares only
    /// while applying. That costs a log entry but no revision.
    func txn(_ request: Etcdserverpb_TxnRequest) async throws(RPCError) -> Etcdserverpb_TxnResponse {
        try await withEtcdErrors {
            try RequestValidation.check(request, maxOps: context.limits.maxTxnOps)
            try RequestValidation.checkSize(request, limits: context.limits)
            guard case .txn(let response) = try await context.proposeWithinQuota(.txn(try TxnRequest(request))) else {
                throw EtcdError.unexpectedResponse(to: "Txn")
            }
            return Etcdserverpb_TxnResponse(response, header: context.header(revision: response.revision))
        }
    }

    /// The store compacts while applying, so the history is gone once this returns: `physical`
    /// (wait until the compaction is on disk) holds for every compaction.
    func compact(_ request: Etcdserverpb_CompactionRequest) async throws(RPCError) -> Etcdserverpb_CompactionResponse {
        try await withEtcdErrors {
            guard case .compact(let revision) = try await context.member.propose(.compact(revision: request.revision)) else {
                throw EtcdError.unexpectedResponse(to: "Compact")
            }
            var response = Etcdserverpb_CompactionResponse()
            response.header = context.header(revision: revision)
            return response
        }
    }
}
