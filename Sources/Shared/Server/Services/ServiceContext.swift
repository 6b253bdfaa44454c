import API
import GRPCCore
import MVCC
import Member

/// What every client-facing service needs: the member it serves from (which also knows the
/// cluster, as the log describes it) and etcd's request limits. One context serves all the
/// services of a gRPC server (`ClientServices.make`).
public struct ServiceContext: Sendable {
    public var member: Member
    public var limits: RequestLimits
    public var quota: BackendQuota

    public init(member: Member, limits: RequestLimits = RequestLimits(), quota: BackendQuota = BackendQuota()) {
        self.member = member
        self.limits = limits
        self.quota = quota
    }

    /// Proposes a write after etcd's quota check: one that could grow this member's store past
    /// the quota fails with NOSPACE and raises that alarm for this member through the log
    /// (unless it is raised already), so every member refuses such writes until it is cleared.
    /// The check reads the store's size alone: once the alarm is raised, applying refuses them.
    func proposeWithinQuota(_ request: Request) async throws -> Response {
        let costBytes = BackendQuota.cost(of: request)
        guard quota.admits(costBytes: costBytes, storeBytes: try member.store.sizeBytes()) else {
            let alarm = AlarmMember(memberID: member.id, alarm: .noSpace)
            if try !member.store.alarms().contains(alarm) {
                // etcd answers NOSPACE even when the alarm cannot be raised now (no leader, say).
                _ = try? await member.propose(.alarm(AlarmChange(action: .activate, member: alarm)))
            }
            throw MVCCError.noSpace
        }
        return try await member.propose(request)
    }

    /// etcd's response header: who answered (cluster and member id), in which Raft term, and
    /// the store revision the answer reflects.
    func header(revision: Int64) -> Etcdserverpb_ResponseHeader {
        var header = Etcdserverpb_ResponseHeader()
        header.clusterID = member.clusterID
        header.memberID = member.id
        header.revision = revision
        header.raftTerm = member.term
        return header
    }

    /// A header at the store's current revision, as etcd fills responses that carry none.
    func currentHeader() throws -> Etcdserverpb_ResponseHeader {
        header(revision: try member.store.state().revision)
    }
}
