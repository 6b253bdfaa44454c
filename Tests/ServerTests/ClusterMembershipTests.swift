import API
import Foundation
import GRPCCore
import MVCC
@testable import Member
import Raft
import Testing
@testable import Server

/// Run-time membership changes on real members (WAL and LMDB on disk) over an in-process
/// network, through the Cluster service as clients call it.
@Suite struct ClusterMembershipTests {
    /// Peers count as healthy once attached this long (etcd waits 5 s; the test network is instant).
    static func tune(_ config: inout MemberConfig) {
        config.healthInterval = .milliseconds(20)
    }

    static func peerURL(_ id: NodeID) -> String { "http://127.0.0.1:\(2380 + id)" }

    /// Polls `condition` (bounded) until it holds.
    static func eventually(_ what: String, _ condition: () async throws -> Bool) async throws {
        for _ in 0..<2_000 {
            if try await condition() { return }
            try await Task.sleep(for: .milliseconds(5))
        }
        Issue.record("never happened: \(what)")
        throw MemberError.timeout
    }

    static func add(_ service: ClusterService, _ url: String, learner: Bool) async throws -> Etcdserverpb_MemberAddResponse {
        var request = Etcdserverpb_MemberAddRequest()
        request.peerUrls = [url]
        request.isLearner = learner
        return try await service.memberAdd(request)
    }

    static func remove(_ service: ClusterService, _ id: NodeID) async throws -> Etcdserverpb_MemberRemoveResponse {
        var request = Etcdserverpb_MemberRemoveRequest()
        request.id = id
        return try await service.memberRemove(request)
    }

    static func promote(_ service: ClusterService, _ id: NodeID) async throws -> Etcdserverpb_MemberPromoteResponse {
        var request = Etcdserverpb_MemberPromoteRequest()
        request.id = id
        return try await service.memberPromote(request)
    }

    /// A learner joins, catches up with what was written before, is promoted once in sync,
    /// and a founder is removed: every member ends with the same membership, and the removed
    /// one stops.
    @Test func aLearnerJoinsIsPromotedAndAFounderIsRemoved() async throws {
        try await withCluster([1, 2, 3], tune: Self.tune) { cluster in
            let leader = try await cluster.leader()
            let service = ClusterService(context: serviceContext(for: leader))
            for i in 0..<30 { _ = try await leader.propose(MemberTests.put("/before\(i)", "\(i)")) }
            try await Task.sleep(for: .milliseconds(50))

            let added = try await Self.add(service, Self.peerURL(4), learner: true)
            let newID = added.member.id
            #expect(added.member.isLearner && added.member.name.isEmpty)
            #expect(added.members.map(\.id).sorted() == ([1, 2, 3, newID] as [NodeID]).sorted())
            try cluster.join(newID, knowing: await leader.cluster)
            let learner = cluster.members[newID]!
            try await Self.eventually("the learner catches up") { try MemberTests.value(of: "/before29", in: learner) == "29" }
            #expect(await leader.status.confState.learners == [newID])

            try await Self.eventually("the learner is promoted") {
                do {
                    _ = try await Self.promote(service, newID)
                    return true
                } catch let error as RPCError where error.message == EtcdError.learnerNotReady.message {
                    return false
                }
            }
            #expect(await leader.status.confState.voters.contains(newID))
            #expect(await leader.cluster.member(newID)?.isLearner == false)

            let removed = [1, 2, 3].first { $0 != leader.id }!
            let remaining = try await Self.remove(service, removed)
            #expect(!remaining.members.contains { $0.id == removed })
            let gone = cluster.members[removed]!
            try await Self.eventually("the removed member stops") { await gone.removedFromCluster }
            _ = try await leader.propose(MemberTests.put("/after", "removal"))
            for member in cluster.members.values where member.id != removed {
                try await member.linearizableRead()
                #expect(try MemberTests.value(of: "/after", in: member) == "removal")
                #expect(await member.cluster.members.map(\.id) == remaining.members.map(\.id), "member \(member.id)")
                #expect(await member.cluster.isRemoved(removed))
            }
        }
    }

    /// The membership is rebuilt from the log at a restart: a joined member and a founder both
    /// come back knowing it.
    @Test func aRestartKeepsTheMembership() async throws {
        try await withCluster([1, 2, 3], tune: Self.tune) { cluster in
            let leader = try await cluster.leader()
            let service = ClusterService(context: serviceContext(for: leader))
            try await Task.sleep(for: .milliseconds(50))
            let newID = try await Self.add(service, Self.peerURL(4), learner: true).member.id
            try cluster.join(newID, knowing: await leader.cluster)
            let expected = await leader.cluster
            let follower = [1, 2, 3].first { $0 != leader.id }!
            try await Self.eventually("the learner applies its own addition") {
                await cluster.members[newID]!.cluster.member(newID) != nil
            }
            for id in [follower, newID] {
                try await cluster.stop(id)
                try cluster.start(id)
                let restarted = cluster.members[id]!
                try await Self.eventually("member \(id) replays the membership") {
                    await restarted.cluster.members.map(\.id) == expected.members.map(\.id)
                }
                #expect(await restarted.cluster.member(newID)?.isLearner == true)
            }
        }
    }

    /// With snapshots every few entries, the membership travels in them: a learner added after
    /// the log was compacted gets it from the leader's snapshot, and a follower restarting
    /// from its own snapshot still knows the learner.
    @Test func theMembershipTravelsInSnapshots() async throws {
        let tune: (inout MemberConfig) -> Void = { config in
            Self.tune(&config)
            config.snapshotCount = 5
            config.snapshotCatchUpEntries = 1
        }
        try await withCluster([1, 2, 3], tune: tune) { cluster in
            var leader = try await cluster.leader()
            for i in 0..<20 { _ = try await leader.propose(MemberTests.put("/before\(i)", "\(i)")) }
            let service = ClusterService(context: serviceContext(for: leader))
            try await Task.sleep(for: .milliseconds(50))
            let newID = try await Self.add(service, Self.peerURL(4), learner: true).member.id
            try cluster.join(newID, knowing: await leader.cluster)
            try await Self.eventually("the learner catches up from a snapshot") {
                (try? MemberTests.value(of: "/before19", in: cluster.members[newID]!)) == "19"
            }
            leader = try await cluster.leader()
            for i in 0..<20 { _ = try await leader.propose(MemberTests.put("/after\(i)", "\(i)")) }
            let expected = await leader.cluster
            #expect(expected.member(newID)?.isLearner == true)
            let follower = [1, 2, 3].first { $0 != leader.id }!
            try await cluster.stop(follower)
            try cluster.start(follower)
            for id in [follower, newID] {
                try await Self.eventually("member \(id) has the membership") {
                    await cluster.members[id]!.cluster == expected
                }
            }
        }
    }

    /// Removing a live voter while another is down would leave too few to make a quorum:
    /// refused with etcd's error. Removing the member that is down is fine.
    @Test func aRemovalThatWouldLoseTheQuorumIsRefused() async throws {
        try await withCluster([1, 2, 3], tune: Self.tune) { cluster in
            let leader = try await cluster.leader()
            let service = ClusterService(context: serviceContext(for: leader))
            let followers = [1, 2, 3].filter { $0 != leader.id } as [NodeID]
            try await cluster.stop(followers[0])
            try await Task.sleep(for: .milliseconds(50))
            await #expect(throws: EtcdError.unhealthy) { _ = try await Self.remove(service, followers[1]) }
            let remaining = try await Self.remove(service, followers[0])
            #expect(remaining.members.map(\.id).sorted() == [leader.id, followers[1]].sorted())
        }
    }

    @Test func refusedChangesGetEtcdsErrors() async throws {
        try await withCluster([1, 2, 3], tune: Self.tune) { cluster in
            let leader = try await cluster.leader()
            let service = ClusterService(context: serviceContext(for: leader))
            try await Task.sleep(for: .milliseconds(50))
            await #expect(throws: EtcdError.peerURLExists) { _ = try await Self.add(service, Self.peerURL(2), learner: false) }
            await #expect(throws: EtcdError.memberBadURLs) { _ = try await Self.add(service, "not a url", learner: true) }
            await #expect(throws: EtcdError.memberNotFound) { _ = try await Self.remove(service, 99) }
            await #expect(throws: EtcdError.memberNotLearner) { _ = try await Self.promote(service, 2) }
            _ = try await Self.add(service, Self.peerURL(4), learner: true)
            await #expect(throws: EtcdError.tooManyLearners) { _ = try await Self.add(service, Self.peerURL(5), learner: true) }
            let follower = [1, 2, 3].first { $0 != leader.id }!
            _ = try await Self.remove(service, follower)
            await #expect(throws: EtcdError.memberNotFound) { _ = try await Self.remove(service, follower) }
            var update = Etcdserverpb_MemberUpdateRequest()
            update.id = leader.id
            update.peerUrls = ["http://127.0.0.1:9999"]
            let updated = try await service.memberUpdate(update)
            #expect(updated.members.first { $0.id == leader.id }?.peerUrls == ["http://127.0.0.1:9999"])
        }
    }
}
