import API
import Foundation
import GRPCCore
import MVCC
import Testing
@testable import Server

/// The lease service and keeper over real members, with a manual clock for expiry.
@Suite struct LeaseServiceTests {
    @Test func grantPicksAnIDRaisesShortTTLsAndRevokeDeletesTheKeysAtOneRevision() async throws {
        try await withLeases([1]) { leases in
            let member = try await leases.cluster.leader()
            let service = leases.service(member)
            var request = Etcdserverpb_LeaseGrantRequest()
            request.ttl = 1
            let granted = try await service.grant(request)
            #expect(granted.id > 0 && granted.ttl == LeaseFixture.configuration.minTTLSeconds)
            #expect(granted.header.revision == (try member.store.state().revision))

            let id = try await leases.grant(ttl: 60, keys: ["/l/a", "/l/b"], through: member)
            #expect(id != granted.id)
            var revoke = Etcdserverpb_LeaseRevokeRequest()
            revoke.id = id
            let revoked = try await service.revoke(revoke)
            let history = try member.store.events(fromRevision: revoked.header.revision, key: Array("/l/".utf8), rangeEnd: Array("/l0".utf8))
            #expect(history.events.map(\.type) == [.delete, .delete])
            #expect(Set(history.events.map(\.kv.modRevision)) == [revoked.header.revision])

            let again = await #expect(throws: RPCError.self) { try await service.revoke(revoke) }
            #expect(again?.code == .notFound && again?.message == "etcdserver: requested lease not found")
        }
    }

    @Test func aClientChosenIDIsKeptAndATakenOneRefused() async throws {
        try await withLeases([1]) { leases in
            let service = leases.service(try await leases.cluster.leader())
            var request = Etcdserverpb_LeaseGrantRequest()
            request.id = 0x1234
            request.ttl = 30
            #expect(try await service.grant(request).id == 0x1234)
            let taken = await #expect(throws: RPCError.self) { try await service.grant(request) }
            #expect(taken?.code == .failedPrecondition && taken?.message == "etcdserver: lease already exists")
        }
    }

    @Test func anExpiredLeaseIsRevokedThroughRaftOnEveryMember() async throws {
        try await withLeases([1, 2, 3]) { leases in
            let leader = try await leases.cluster.leader()
            let id = try await leases.grant(ttl: 10, keys: ["/e/k"], through: leader)
            leases.clock.advance(by: .seconds(9))
            try await leases.settle()
            #expect(try leader.store.lease(id: id) != nil)
            leases.clock.advance(by: .seconds(2))
            for member in leases.cluster.members.values {
                #expect(try await leases.waitUntilGone(id, on: member))
                try await member.linearizableRead()
                #expect(try member.store.range(RangeRequest(key: Array("/e/k".utf8))).kvs.isEmpty)
            }
        }
    }

    @Test func keepAliveRenewsOnTheLeaderAndAnswersZeroForAnUnknownLease() async throws {
        try await withLeases([1]) { leases in
            let member = try await leases.cluster.leader()
            let service = leases.service(member)
            let id = try await leases.grant(ttl: 10, through: member)
            leases.clock.advance(by: .seconds(8))
            #expect(try await keepAlive(id, through: service) == 10)
            leases.clock.advance(by: .seconds(8))
            try await leases.settle()
            #expect(try member.store.lease(id: id) != nil, "revoked although renewed 8 s ago with a 10 s TTL")
            #expect(try await timeToLive(id, through: service).ttl == 2)
            leases.clock.advance(by: .seconds(3))
            #expect(try await leases.waitUntilGone(id, on: member))
            #expect(try await keepAlive(id, through: service) == 0)
            #expect(try await keepAlive(999, through: service) == 0)
        }
    }

    @Test func aLeaseOutlivesALeaderChangeByAFullTTLFromThePromotion() async throws {
        try await withLeases([1, 2, 3]) { leases in
            let oldLeader = try await leases.cluster.leader()
            let id = try await leases.grant(ttl: 10, keys: ["/f/k"], through: oldLeader)
            leases.clock.advance(by: .seconds(8))
            #expect(try await keepAlive(id, through: leases.service(oldLeader)) == 10)  // the followers never hear of this
            try await leases.cluster.stop(oldLeader.id)
            let newLeader = try await leases.cluster.leader()
            // The first look as leader restarts the clocks: a full TTL plus the extension.
            #expect(try await timeToLive(id, through: leases.service(newLeader)).ttl == 11)
            leases.clock.advance(by: .seconds(10))
            try await leases.settle()
            #expect(try newLeader.store.lease(id: id) != nil, "expired before a full TTL since the promotion")
            leases.clock.advance(by: .seconds(2))
            #expect(try await leases.waitUntilGone(id, on: newLeader))
        }
    }

    @Test func timeToLiveListsKeysAndAnswersMinusOneForAnUnknownLease() async throws {
        try await withLeases([1]) { leases in
            let member = try await leases.cluster.leader()
            let service = leases.service(member)
            let id = try await leases.grant(ttl: 30, keys: ["/t/b", "/t/a"], through: member)
            // Whole seconds left, truncated as etcd does: 2.5 s later, 3 fewer.
            let before = try await timeToLive(id, through: service).ttl
            leases.clock.advance(by: .milliseconds(2_500))
            let answer = try await timeToLive(id, keys: true, through: service)
            #expect(answer.id == id && answer.grantedTtl == 30 && answer.ttl == before - 3)
            #expect(answer.keys.map { String(decoding: $0, as: UTF8.self) } == ["/t/a", "/t/b"])
            #expect(try await timeToLive(id, through: service).keys.isEmpty)

            let unknown = try await timeToLive(4242, through: service)
            #expect(unknown.id == 4242 && unknown.ttl == -1 && unknown.grantedTtl == 0)
        }
    }

    @Test func leasesListsEveryLease() async throws {
        try await withLeases([1]) { leases in
            let member = try await leases.cluster.leader()
            var granted: Set<Int64> = []
            for _ in 0..<3 { granted.insert(try await leases.grant(ttl: 30, through: member)) }
            let listed = try await leases.service(member).leases()
            #expect(Set(listed.leases.map(\.id)) == granted)
        }
    }

    @Test func aFollowerSendsKeepAlivesAndTimeToLiveToTheLeader() async throws {
        try await withLeases([1, 2, 3]) { leases in
            let leader = try await leases.cluster.leader()
            let follower = leases.cluster.members.values.first { $0.id != leader.id }!
            let id = try await leases.grant(ttl: 30, through: leader)
            let refused = await #expect(throws: RPCError.self) { try await keepAlive(id, through: leases.service(follower)) }
            #expect(refused?.code == .failedPrecondition && refused?.message == "etcdserver: not leader")
            await #expect(throws: RPCError.self) { try await timeToLive(id, through: leases.service(follower)) }
        }
    }

    @Test func generatedIDsArePositiveAndDistinct() {
        let generator = LeaseIDGenerator(memberID: 0xFFFF_FFFF, startMilliseconds: UInt64.max)
        let ids = (0..<1_000).map { _ in generator.next() }
        #expect(Set(ids).count == ids.count && ids.allSatisfy { $0 > 0 })
    }

    @Test func theMinimumTTLIsEtcds() {
        let configuration = LeaseConfiguration(electionTicks: 10, tickInterval: .milliseconds(100))
        #expect(configuration.minTTLSeconds == 2 && configuration.promotionExtension == .seconds(1))
    }
}
