import API
import Foundation
import GRPCCore
import MVCC
@testable import Member
import Raft
import Testing
@testable import Server

/// `--quota-backend-bytes` and the NOSPACE alarm on real members: the alarm goes through the
/// log, so every member holds it and it outlives a restart; while it is raised, writes that
/// add data fail with etcd's error and everything else works; disarming it lets writes in.
@Suite struct QuotaAlarmTests {
    static let value = String(repeating: "x", count: 2_000)

    /// A context whose quota leaves `headroomBytes` above the store's size now.
    static func quotaContext(_ member: Member, headroomBytes: Int64 = 100_000) throws -> ServiceContext {
        ServiceContext(member: member, quota: BackendQuota(bytes: try member.store.sizeBytes() + headroomBytes))
    }

    /// Overwrites one key until the quota refuses a put (bounded); returns how many went in.
    static func fillPastQuota(_ kv: KVService) async throws -> Int {
        for count in 0..<1_000 {
            do {
                _ = try await kv.put(ServiceKVTests.put("/fill", value))
            } catch {
                #expect(error == EtcdError.noSpace)
                #expect(error.code == .resourceExhausted)
                #expect(error.message == "etcdserver: mvcc: database space exceeded")
                return count
            }
        }
        Issue.record("1,000 puts of 2 kB never reached a 100 kB quota")
        throw MemberError.timeout
    }

    static func alarm(_ action: Etcdserverpb_AlarmRequest.AlarmAction, member: NodeID = 0,
                      _ type: Etcdserverpb_AlarmType = .none) -> Etcdserverpb_AlarmRequest {
        .with {
            $0.action = action
            $0.memberID = member
            $0.alarm = type
        }
    }

    static func txn(success: [Etcdserverpb_RequestOp] = [], failure: [Etcdserverpb_RequestOp] = []) -> Etcdserverpb_TxnRequest {
        .with {
            $0.success = success
            $0.failure = failure
        }
    }

    static func putOp(_ key: String) -> Etcdserverpb_RequestOp {
        .with { $0.requestPut = ServiceKVTests.put(key, "v") }
    }

    static func getOp(_ key: String) -> Etcdserverpb_RequestOp {
        .with { $0.requestRange = ServiceKVTests.get(key) }
    }

    @Test func aFullStoreRaisesNospaceOnEveryMemberUntilDisarmed() async throws {
        try await withCluster([1, 2, 3]) { cluster in
            let leader = try await cluster.leader()
            let context = try Self.quotaContext(leader)
            let kv = KVService(context: context)
            let maintenance = MaintenanceService(context: context)
            let leases = LeaseService(context: context, keeper: LeaseKeeper(member: leader, configuration: LeaseFixture.configuration))
            _ = try await kv.put(ServiceKVTests.put("/kept", "1"))
            #expect(try await Self.fillPastQuota(kv) > 10)

            let raised = Etcdserverpb_AlarmMember.with {
                $0.memberID = leader.id
                $0.alarm = .nospace
            }
            #expect(try await maintenance.alarm(Self.alarm(.get)).alarms == [raised])
            #expect(try await maintenance.alarm(Self.alarm(.get, .nospace)).alarms == [raised])
            #expect(try await maintenance.alarm(Self.alarm(.get, .corrupt)).alarms.isEmpty)
            #expect(try await maintenance.status().errors == ["memberID:\(leader.id) alarm:NOSPACE "])
            for member in cluster.members.values {
                try await ClusterMembershipTests.eventually("member \(member.id) holds the alarm") {
                    try member.store.alarms() == [AlarmMember(memberID: leader.id, alarm: .noSpace)]
                }
            }

            // Refused while the alarm is raised: puts, txns with a put in either branch, grants.
            await #expect(throws: EtcdError.noSpace) { _ = try await kv.put(ServiceKVTests.put("/new", "v")) }
            await #expect(throws: EtcdError.noSpace) {
                _ = try await kv.txn(Self.txn(success: [Self.getOp("/kept")], failure: [Self.putOp("/new")]))
            }
            await #expect(throws: EtcdError.noSpace) { _ = try await leases.grant(.with { $0.ttl = 60 }) }
            // Still served: reads, read-only txns, deletes, compaction, defragmentation.
            #expect(try await kv.range(ServiceKVTests.get("/kept")).kvs.map(\.value) == [data("1")])
            #expect(try await kv.txn(Self.txn(success: [Self.getOp("/kept")])).succeeded)
            #expect(try await kv.deleteRange(.with { $0.key = data("/kept") }).deleted == 1)
            let revision = try leader.store.state().revision
            _ = try await kv.compact(.with { $0.revision = revision })
            let sizeBefore = try leader.store.sizeBytes()
            _ = try await maintenance.defragment()
            #expect(try leader.store.sizeBytes() < sizeBefore)
            // Back under the quota, the alarm still holds writes off, as in etcd.
            await #expect(throws: EtcdError.noSpace) { _ = try await kv.put(ServiceKVTests.put("/new", "v")) }

            let disarmed = try await maintenance.alarm(Self.alarm(.deactivate, member: leader.id, .nospace))
            #expect(disarmed.alarms == [raised])
            #expect(try await maintenance.alarm(Self.alarm(.deactivate, member: leader.id, .nospace)).alarms.isEmpty)
            #expect(try await maintenance.alarm(Self.alarm(.get)).alarms.isEmpty)
            #expect(try await maintenance.status().errors.isEmpty)
            _ = try await kv.put(ServiceKVTests.put("/new", "v"))
            _ = try await kv.txn(Self.txn(success: [Self.putOp("/txn")]))
            _ = try await leases.grant(.with { $0.ttl = 60 })
            for member in cluster.members.values {
                try await ClusterMembershipTests.eventually("member \(member.id) lets the alarm go") {
                    try member.store.alarms().isEmpty
                }
            }
        }
    }

    /// Disarming without freeing space only lets the next write find the store full again.
    @Test func aStoreStillOverQuotaRaisesTheAlarmAgain() async throws {
        try await withCluster([1]) { cluster in
            let member = try await cluster.leader()
            let context = try Self.quotaContext(member)
            let kv = KVService(context: context)
            let maintenance = MaintenanceService(context: context)
            _ = try await Self.fillPastQuota(kv)
            _ = try await maintenance.alarm(Self.alarm(.deactivate, member: member.id, .nospace))
            #expect(try member.store.alarms().isEmpty)
            await #expect(throws: EtcdError.noSpace) { _ = try await kv.put(ServiceKVTests.put("/fill", Self.value)) }
            #expect(try member.store.alarms() == [AlarmMember(memberID: member.id, alarm: .noSpace)])
        }
    }

    /// The alarm is the store's: a restarted member still refuses writes, whatever its quota.
    @Test func theAlarmOutlivesARestart() async throws {
        try await withCluster([1]) { cluster in
            let member = try await cluster.leader()
            _ = try await Self.fillPastQuota(KVService(context: try Self.quotaContext(member)))
            try await cluster.stop(1)
            try cluster.start(1)
            let restarted = try await cluster.leader()
            #expect(try restarted.store.alarms() == [AlarmMember(memberID: 1, alarm: .noSpace)])
            let kv = KVService(context: ServiceContext(member: restarted))
            await #expect(throws: EtcdError.noSpace) { _ = try await kv.put(ServiceKVTests.put("/after", "v")) }
            let status = try await MaintenanceService(context: ServiceContext(member: restarted)).status()
            #expect(status.errors == ["memberID:1 alarm:NOSPACE "])
        }
    }

    @Test func anUnknownAlarmActionOrTypeIsRefused() async throws {
        try await withServiceContext { _, context in
            let maintenance = MaintenanceService(context: context)
            await #expect(throws: EtcdError.unknownEnumValue("alarm action", 7)) {
                _ = try await maintenance.alarm(Self.alarm(.UNRECOGNIZED(7)))
            }
            await #expect(throws: EtcdError.unknownEnumValue("alarm type", 9)) {
                _ = try await maintenance.alarm(Self.alarm(.activate, member: 1, .UNRECOGNIZED(9)))
            }
            // NONE names no alarm: nothing is raised.
            let none = try await maintenance.alarm(Self.alarm(.activate, member: 1, .none))
            #expect(none.alarms.isEmpty)
            let stored = try context.member.store.alarms()
            #expect(stored.isEmpty)
        }
    }

    @Test func theCostOfARequestIsWhatItCanAdd() {
        let put = Request.put(PutRequest(key: Array("key".utf8), value: Array(repeating: 1, count: 100)))
        #expect(BackendQuota.cost(of: put) == 6 + 100 + BackendQuota.putOverheadBytes)
        #expect(BackendQuota.cost(of: .deleteRange(DeleteRangeRequest(key: [1]))) == 0)
        #expect(BackendQuota.cost(of: .compact(revision: 3)) == 0)
        #expect(BackendQuota.cost(of: .leaseGrant(id: 1, ttl: 5)) == BackendQuota.leaseOverheadBytes)
        let small = PutRequest(key: [1], value: [])
        let txn = TxnRequest(success: [.put(small)], failure: [.put(small), .txn(TxnRequest(success: [.put(small)]))])
        #expect(BackendQuota.cost(of: .txn(txn)) == 2 * (2 + BackendQuota.putOverheadBytes))
        #expect(BackendQuota.cost(of: .txn(TxnRequest(success: [.range(RangeRequest(key: [1]))]))) == 0)
        let quota = BackendQuota(bytes: 1_000)
        #expect(quota.admits(costBytes: 100, storeBytes: 900))
        #expect(!quota.admits(costBytes: 101, storeBytes: 900))
        #expect(quota.admits(costBytes: 0, storeBytes: 5_000))
        let off = BackendQuota(bytes: BackendQuota.disabledBytes)
        #expect(off.admits(costBytes: 1 << 30, storeBytes: 100 << 30))
        // The store's map always has room for what the quota admits: a store that fills up
        // raises NOSPACE instead of failing to apply on every member.
        for quota in [BackendQuota.defaultBytes, 7 << 30, 8 << 30, 100 << 30, BackendQuota.disabledBytes] {
            #expect(Int64(BackendQuota.storeMapSizeBytes(quota: quota)) >= quota + BackendQuota.mapHeadroomBytes)
        }
        #expect(BackendQuota.storeMapSizeBytes(quota: 400_000) == 8 << 30)
    }
}
