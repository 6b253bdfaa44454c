import API
import BuildInfo
import Foundation
import GRPCCore
import MVCC
import Member

/// etcd's Maintenance service: status, alarms, hashes, defragmentation and leader transfer.
public struct MaintenanceService: Etcdserverpb_Maintenance.SimpleServiceProtocol {
    /// Semantic versioning as etcd reports its own: the etcd API level served (clients such as
    /// clientv3 with `RejectOldCluster` compare its major and minor), kvd's version as build
    /// metadata, so `etcdctl endpoint status` still tells which server answered.
    static let version = "\(BuildInfo.etcdAPIVersion).0+kvd.\(BuildInfo.version)"

    let context: ServiceContext
    /// How long MoveLeader waits for the transferee to take over.
    let leaderTransferTimeout: Duration

    public init(context: ServiceContext, leaderTransferTimeout: Duration = .seconds(5)) {
        self.context = context
        self.leaderTransferTimeout = leaderTransferTimeout
    }

    public func alarm(request: Etcdserverpb_AlarmRequest, context _: ServerContext) async throws -> Etcdserverpb_AlarmResponse {
        try await alarm(request)
    }

    public func status(request _: Etcdserverpb_StatusRequest, context _: ServerContext) async throws -> Etcdserverpb_StatusResponse {
        try await status()
    }

    public func defragment(
        request _: Etcdserverpb_DefragmentRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_DefragmentResponse {
        try await defragment()
    }

    public func hash(request _: Etcdserverpb_HashRequest, context _: ServerContext) async throws -> Etcdserverpb_HashResponse {
        try await hash()
    }

    public func hashKV(request: Etcdserverpb_HashKVRequest, context _: ServerContext) async throws -> Etcdserverpb_HashKVResponse {
        try await hashKV(request)
    }

    /// A consistent copy of the store (LMDB's file format, where etcd sends bbolt's) in chunks
    /// that count down `remaining_bytes`, then the SHA-256 of those bytes, as etcd sends it,
    /// so `etcdctl snapshot save` writes a file whose integrity can be checked. Like etcd 3.4's,
    /// the chunks carry no header.
    public func snapshot(
        request _: Etcdserverpb_SnapshotRequest, response: RPCWriter<Etcdserverpb_SnapshotResponse>,
        context _: ServerContext
    ) async throws {
        let member = context.member
        let file = "\(member.snapshotDirectory)/api-snapshot-\(UUID().uuidString).db"
        try await withEtcdErrors { try member.store.backup(to: file) }
        defer { removeFile(file) }
        guard let handle = FileHandle(forReadingAtPath: file),
              let total = try FileManager.default.attributesOfItem(atPath: file)[.size] as? UInt64 else {
            throw RPCError(code: .internalError, message: "kvd: cannot read the snapshot copy")
        }
        defer { try? handle.close() }
        let digest = SHA256Stream()
        var sent: UInt64 = 0
        while sent < total {
            let data = try handle.read(upToCount: Self.snapshotChunkBytes) ?? Data()
            guard !data.isEmpty else { throw RPCError(code: .internalError, message: "kvd: the snapshot copy ended early") }
            sent += UInt64(data.count)
            digest.update(Array(data))
            var chunk = Etcdserverpb_SnapshotResponse()
            chunk.remainingBytes = total - sent
            chunk.blob = data
            try await response.write(chunk)
        }
        var last = Etcdserverpb_SnapshotResponse()
        last.blob = Data(digest.finish())
        try await response.write(last)
    }

    /// etcd's chunk size for snapshot streams.
    static let snapshotChunkBytes = 32 * 1024

    public func moveLeader(
        request: Etcdserverpb_MoveLeaderRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_MoveLeaderResponse {
        try await moveLeader(request)
    }

    /// etcd 3.5's cluster downgrade; kvd serves the 3.4 API.
    public func downgrade(
        request _: Etcdserverpb_DowngradeRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_DowngradeResponse {
        throw EtcdError.unimplemented("Downgrade")
    }

    // MARK: The work, apart from gRPC's plumbing

    /// Alarms live in the store, raised and cleared through the log. A GET is a linearizable
    /// read of them; ACTIVATE answers the alarm raised, DEACTIVATE the alarm cleared (nothing
    /// when it was not raised), and either names no alarm for NONE, as etcd does.
    func alarm(_ request: Etcdserverpb_AlarmRequest) async throws(RPCError) -> Etcdserverpb_AlarmResponse {
        try await withEtcdErrors {
            let member = context.member
            let type = try AlarmType(request.alarm)
            var alarms: [AlarmMember] = []
            switch request.action {
            case .get:
                try await member.linearizableRead()
                alarms = try member.store.alarms().filter { type == nil || $0.alarm == type }
            case .activate, .deactivate:
                if let type {
                    let change = AlarmChange(action: request.action == .activate ? .activate : .deactivate,
                                             member: AlarmMember(memberID: request.memberID, alarm: type))
                    guard case .alarm(_, let changed) = try await member.propose(.alarm(change)) else {
                        throw EtcdError.unexpectedResponse(to: "Alarm")
                    }
                    alarms = changed
                }
            case .UNRECOGNIZED(let value):
                throw EtcdError.unknownEnumValue("alarm action", value)
            }
            var response = Etcdserverpb_AlarmResponse()
            response.alarms = alarms.map(Etcdserverpb_AlarmMember.init)
            response.header = try context.currentHeader()
            return response
        }
    }

    func status() async throws(RPCError) -> Etcdserverpb_StatusResponse {
        try await withEtcdErrors {
            let member = context.member
            let raft = await member.status
            let store = try member.store.status()
            var response = Etcdserverpb_StatusResponse()
            response.header = context.header(revision: store.revision)
            response.version = Self.version
            response.dbSize = store.dbSizeBytes
            response.dbSizeInUse = store.dbSizeInUseBytes
            response.leader = raft.softState.lead
            response.raftIndex = raft.hardState.commit
            response.raftTerm = raft.hardState.term
            response.raftAppliedIndex = await member.applied
            response.isLearner = raft.confState.learners.contains(member.id)
            if raft.softState.lead == 0 { response.errors.append(MemberError.noLeader.description) }
            response.errors += try member.store.alarms().map(\.statusError)
            return response
        }
    }

    func defragment() async throws(RPCError) -> Etcdserverpb_DefragmentResponse {
        try await withEtcdErrors {
            _ = try context.member.store.defragment()
            // etcd 3.4 answers Defragment and MoveLeader without a header.
            return Etcdserverpb_DefragmentResponse()
        }
    }

    /// etcd hashes its whole database file; kvd hashes the store's history, as HashKV does.
    func hash() async throws(RPCError) -> Etcdserverpb_HashResponse {
        try await withEtcdErrors {
            let hash = try context.member.store.hashKV()
            var response = Etcdserverpb_HashResponse()
            response.header = context.header(revision: hash.revision)
            response.hash = hash.hash
            return response
        }
    }

    func hashKV(_ request: Etcdserverpb_HashKVRequest) async throws(RPCError) -> Etcdserverpb_HashKVResponse {
        try await withEtcdErrors {
            let hash = try context.member.store.hashKV(revision: request.revision)
            var response = Etcdserverpb_HashKVResponse()
            response.header = context.header(revision: hash.revision)
            response.hash = hash.hash
            response.compactRevision = hash.compactRevision
            return response
        }
    }

    /// As etcd: only the leader hands over, only to a voting member, and the call returns once
    /// the transferee leads (or fails after `leaderTransferTimeout`).
    func moveLeader(_ request: Etcdserverpb_MoveLeaderRequest) async throws(RPCError) -> Etcdserverpb_MoveLeaderResponse {
        try await withEtcdErrors {
            let member = context.member
            let raft = await member.status
            guard raft.softState.lead == member.id else { throw EtcdError.notLeader }
            guard raft.confState.voters.contains(request.targetID) else { throw EtcdError.badLeaderTransferee }
            // etcd 3.4 answers without a header.
            guard await member.transferLeadership(to: request.targetID, timeout: leaderTransferTimeout) else {
                throw EtcdError.leaderTransferTimeout
            }
            return Etcdserverpb_MoveLeaderResponse()
        }
    }
}
