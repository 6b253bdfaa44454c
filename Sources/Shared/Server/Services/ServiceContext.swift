import API
import GRPCCore
import MVCC

/// What every client-facing service needs: the member it serves from (which also knows the
/// cluster, as the log describes it) and etcd's request limits. One context serves all the
/// services of a gRPC server (`ClientServices.make`).
public struct ServiceContext: Sendable {
    public var member: Member
    public var limits: RequestLimits

    public init(member: Member, limits: RequestLimits = RequestLimits()) {
        self.member = member
        self.limits = limits
    }

    /// etcd's response header: who answered (cluster and member id), in which Raft term, and
    /// the store revision the answer reflects.
    func header(revision: Int64) async -> Etcdserverpb_ResponseHeader {
        var header = Etcdserverpb_ResponseHeader()
        header.clusterID = member.clusterID
        header.memberID = member.id
        header.revision = revision
        header.raftTerm = await member.term
        return header
    }

    /// A header at the store's current revision, as etcd fills responses that carry none.
    func currentHeader() async throws -> Etcdserverpb_ResponseHeader {
        await header(revision: try member.store.state().revision)
    }
}
