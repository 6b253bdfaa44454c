import API
import Foundation
import GRPCCore
import GRPCNIOTransportHTTP2
import MVCC
import Testing
@testable import Server

/// The Maintenance, Cluster and Auth services on real members.
@Suite struct ServiceMaintenanceTests {
    @Test func statusReportsTheMemberAsEtcdDoes() async throws {
        try await withServiceContext { _, context in
            _ = try await KVService(context: context).put(.with { $0.key = data("/a") })
            let status = try await MaintenanceService(context: context).status()
            #expect(status.version == MaintenanceService.version)
            #expect(MaintenanceService.version.hasPrefix("3.4.0+kvd."))
            #expect(status.header.revision == 2)
            #expect(status.header.clusterID == 0xC1)
            #expect(status.leader == 1)
            #expect(status.raftTerm >= 1)
            #expect(status.raftTerm == status.header.raftTerm)
            #expect(status.raftIndex >= status.raftAppliedIndex)
            #expect(status.raftAppliedIndex >= 2)
            #expect(status.dbSize > 0)
            #expect(status.dbSizeInUse > 0 && status.dbSizeInUse <= status.dbSize)
            #expect(!status.isLearner)
            #expect(status.errors.isEmpty)
        }
    }

    static func alarm(_ action: Etcdserverpb_AlarmRequest.AlarmAction, _ type: Etcdserverpb_AlarmType) -> Etcdserverpb_AlarmRequest {
        .with {
            $0.action = action
            $0.memberID = 1
            $0.alarm = type
        }
    }

    @Test func alarmsAreSetListedAndCleared() async throws {
        try await withServiceContext { _, context in
            let maintenance = MaintenanceService(context: context)
            #expect(try await maintenance.alarm(Self.alarm(.get, .none)).alarms.isEmpty)
            let raised = try await maintenance.alarm(Self.alarm(.activate, .nospace))
            #expect(raised.alarms.map(\.alarm) == [.nospace])
            #expect(raised.header.memberID == 1)
            #expect(try await maintenance.alarm(Self.alarm(.get, .none)).alarms.map(\.alarm) == [.nospace])
            #expect(try await maintenance.alarm(Self.alarm(.get, .corrupt)).alarms.isEmpty)
            #expect(try await maintenance.status().errors == ["memberID:1 alarm:NOSPACE "])
            #expect(try await maintenance.alarm(Self.alarm(.deactivate, .nospace)).alarms.map(\.alarm) == [.nospace])
            #expect(try await maintenance.alarm(Self.alarm(.deactivate, .nospace)).alarms.isEmpty)
            #expect(try await maintenance.alarm(Self.alarm(.get, .none)).alarms.isEmpty)
        }
    }

    @Test func hashesAgreeWithTheStoreAndRespectItsHistory() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            let maintenance = MaintenanceService(context: context)
            _ = try await kv.put(.with { $0.key = data("/h"); $0.value = data("1") })
            let atTwo = try await maintenance.hashKV(.with { $0.revision = 2 })
            _ = try await kv.put(.with { $0.key = data("/h"); $0.value = data("2") })
            #expect(try await maintenance.hashKV(.with { $0.revision = 2 }).hash == atTwo.hash)
            let current = try await maintenance.hashKV(Etcdserverpb_HashKVRequest())
            #expect(current.hash != atTwo.hash)
            #expect(current.header.revision == 3)
            #expect(current.compactRevision == 0)
            #expect(try await maintenance.hash().hash == current.hash)
            await #expect(throws: EtcdError.futureRevision) { _ = try await maintenance.hashKV(.with { $0.revision = 9 }) }
        }
    }

    @Test func defragmentKeepsTheData() async throws {
        try await withServiceContext { _, context in
            let kv = KVService(context: context)
            for i in 0..<20 { _ = try await kv.put(.with { $0.key = data("/f\(i)"); $0.value = data("\(i)") }) }
            let defragmented = try await MaintenanceService(context: context).defragment()
            #expect(!defragmented.hasHeader, "etcd 3.4 answers Defragment without a header")
            let range = try await kv.range(.with { $0.key = data("/f"); $0.rangeEnd = data("/g") })
            #expect(range.count == 20)
        }
    }

    @Test func moveLeaderChecksTheTransfereeAsEtcd() async throws {
        try await withServiceContext { _, context in
            let maintenance = MaintenanceService(context: context)
            await #expect(throws: EtcdError.badLeaderTransferee) { _ = try await maintenance.moveLeader(.with { $0.targetID = 99 }) }
            // Raft ignores a transfer to the leader itself, which already leads.
            let same = try await maintenance.moveLeader(.with { $0.targetID = 1 })
            #expect(!same.hasHeader, "etcd 3.4 answers MoveLeader without a header")
        }
    }

    @Test func moveLeaderHandsOverOnlyFromTheLeader() async throws {
        try await withServiceContext([1, 2, 3]) { cluster, context in
            let leader = context.member
            let follower = cluster.members.values.first { $0.id != leader.id }!
            let onFollower = MaintenanceService(context: serviceContext(for: follower))
            await #expect(throws: EtcdError.notLeader) { _ = try await onFollower.moveLeader(.with { $0.targetID = follower.id }) }

            _ = try await MaintenanceService(context: context).moveLeader(.with { $0.targetID = follower.id })
            #expect(await follower.status.softState.lead == follower.id)
        }
    }

    @Test func downgradeIsUnimplemented() async throws {
        try await withServiceContext { _, context in
            let maintenance = MaintenanceService(context: context)
            let error = await #expect(throws: RPCError.self) {
                _ = try await maintenance.downgrade(request: Etcdserverpb_DowngradeRequest(), context: serverContext("Downgrade"))
            }
            #expect(error?.code == .unimplemented)
        }
    }

    /// Names and peer URLs come from the founders' entries; client URLs once each member has
    /// published them through the log.
    @Test func memberListReportsTheClusterWithoutARevision() async throws {
        try await withServiceContext([1, 2, 3]) { _, context in
            try await ClusterMembershipTests.eventually("every member publishes its client URLs") {
                await context.member.cluster.members.allSatisfy { !$0.clientURLs.isEmpty }
            }
            let list = try await ClusterService(context: context).memberList(.with { $0.linearizable = true })
            #expect(list.header.clusterID == 0xC1)
            #expect(list.header.memberID == context.member.id)
            #expect(list.header.revision == 0)
            #expect(list.members.map(\.id) == [1, 2, 3])
            #expect(list.members.map(\.name) == ["m1", "m2", "m3"])
            #expect(list.members[1].peerUrls == ["http://127.0.0.1:2382"])
            #expect(list.members[1].clientUrls == ["http://127.0.0.1:2399"])
            #expect(!list.members[0].isLearner)
            await #expect(throws: EtcdError.memberBadURLs) {
                _ = try await ClusterService(context: context).memberAdd(
                    request: Etcdserverpb_MemberAddRequest(), context: serverContext("MemberAdd"))
            }
        }
    }

    @Test func authIsOffAsEtcdReportsIt() async throws {
        try await withServiceContext { _, context in
            let auth = AuthService(context: context)
            let status = try await auth.authStatus()
            #expect(!status.enabled)
            #expect(status.authRevision == 0)
            #expect(status.header.memberID == 1)
            await #expect(throws: EtcdError.authNotEnabled) {
                _ = try await auth.authenticate(request: Etcdserverpb_AuthenticateRequest(), context: serverContext("Authenticate"))
            }
            _ = try await auth.authDisable(request: Etcdserverpb_AuthDisableRequest(), context: serverContext("AuthDisable"))
            let error = await #expect(throws: RPCError.self) {
                _ = try await auth.userAdd(request: Etcdserverpb_AuthUserAddRequest(), context: serverContext("UserAdd"))
            }
            #expect(error?.code == .unimplemented)
        }
    }

    @Test func theServicesRegisterWithAGRPCServer() async throws {
        try await withServiceContext { _, context in
            let services: [any RegistrableRPCService] = [
                KVService(context: context), MaintenanceService(context: context),
                ClusterService(context: context), AuthService(context: context),
            ]
            var router = RPCRouter<HTTP2ServerTransport.Posix>()
            for service in services { service.registerMethods(with: &router) }
            #expect(router.hasHandler(forMethod: Etcdserverpb_KV.Method.Range.descriptor))
            #expect(router.hasHandler(forMethod: Etcdserverpb_Maintenance.Method.Snapshot.descriptor))
            #expect(router.hasHandler(forMethod: Etcdserverpb_Auth.Method.AuthStatus.descriptor))
        }
    }
}
