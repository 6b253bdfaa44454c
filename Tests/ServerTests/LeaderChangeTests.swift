import Foundation
import MVCC
@testable import Member
import Raft
import Testing
@testable import Server

/// Requests whose leader goes away fail at once with etcd's "leader changed" when they can
/// never succeed, rather than waiting for their deadline (the test cluster's is far away:
/// 2,000 ticks); writes whose fate is unknown wait and say why they timed out.
@Suite struct LeaderChangeTests {
    /// Writes through the leader, trying again while elections come and go (a loaded machine
    /// makes the test cluster's short election timeout fire); returns the leader that took it.
    static func writeThroughLeader(_ cluster: Cluster, _ request: Request) async throws -> Member {
        for _ in 0..<20 {
            let leader = try await cluster.leader()
            do {
                _ = try await leader.propose(request)
                return leader
            } catch MemberError.leaderChanged, MemberError.noLeader {
                continue
            }
        }
        throw MemberError.noLeader
    }

    static func waitForAnotherLeader(than leader: Member, in cluster: Cluster) async throws {
        try await ClusterMembershipTests.eventually("another leader is elected") {
            for member in cluster.members.values where member.id != leader.id {
                if await member.status.softState.role == .leader { return true }
            }
            return false
        }
    }

    @Test func aWriteAndAReadOnACutOffLeaderFailWithLeaderChanged() async throws {
        try await withCluster([1, 2, 3]) { cluster in
            let leader = try await Self.writeThroughLeader(cluster, MemberTests.put("/before", "1"))
            cluster.network.isolate(leader.id)
            let write = Task { try await leader.propose(MemberTests.put("/lost", "never committed")) }
            let read = Task { try await leader.linearizableRead() }
            try await Self.waitForAnotherLeader(than: leader, in: cluster)
            cluster.network.heal(leader.id)
            _ = try await Self.writeThroughLeader(cluster, MemberTests.put("/after", "2"))
            await #expect(throws: MemberError.leaderChanged) { _ = try await write.value }
            await #expect(throws: MemberError.leaderChanged) { try await read.value }
            try await leader.linearizableRead()
            #expect(try MemberTests.value(of: "/lost", in: leader) == nil)
            #expect(try MemberTests.value(of: "/after", in: leader) == "2")
        }
    }

    /// A membership change in the log of a leader that is then cut off never commits: the new
    /// leader's entries overwrite it, and it fails then rather than at its deadline.
    @Test func aMembershipChangeOverwrittenByANewLeaderFailsWithLeaderChanged() async throws {
        try await withCluster([1, 2, 3], tune: ClusterMembershipTests.tune) { cluster in
            let leader = try await Self.writeThroughLeader(cluster, MemberTests.put("/before", "1"))
            let other = cluster.members.keys.sorted().first { $0 != leader.id }!
            cluster.network.isolate(leader.id)
            let update = MembershipChange(operation: .update, memberID: other, peerURLs: ["http://127.0.0.1:29999"])
            let change = Task { try await leader.changeMembership(update) }
            try await Self.waitForAnotherLeader(than: leader, in: cluster)
            cluster.network.heal(leader.id)
            _ = try await Self.writeThroughLeader(cluster, MemberTests.put("/after", "2"))
            await #expect(throws: MemberError.leaderChanged) { _ = try await change.value }
            try await leader.linearizableRead()
            #expect(await leader.cluster.member(other)?.peerURLs == [ClusterMembershipTests.peerURL(other)])
        }
    }

    /// A follower's write forwarded to a leader that then loses its place may or may not be in
    /// the new leader's log: the follower cannot tell, so it does not say "leader changed" but
    /// times out as etcd's does, saying the leader may have failed.
    @Test func aFollowersWriteForwardedToALostLeaderTimesOutSayingSo() async throws {
        try await withCluster([1, 2, 3], tune: { $0.requestTimeoutTicks = 300 }) { cluster in
            let leader = try await Self.writeThroughLeader(cluster, MemberTests.put("/before", "1"))
            let follower = cluster.members.values.first { $0.id != leader.id }!
            cluster.network.isolate(leader.id)
            let write = Task { try await follower.propose(MemberTests.put("/lost", "forwarded into the void")) }
            await #expect(throws: MemberError.timeoutDueToLeaderFail) { _ = try await write.value }
            cluster.network.heal(leader.id)
        }
    }
}
