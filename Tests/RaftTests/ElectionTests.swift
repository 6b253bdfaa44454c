import Testing
@testable import Raft

@Suite struct ElectionTests {
    @Test func aCampaignerWithAQuorumBecomesLeader() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        #expect(cluster.status(1).softState.role == .leader)
        #expect(cluster.status(1).hardState.term == 2)
        for id: NodeID in [2, 3] {
            #expect(cluster.status(id).softState == SoftState(lead: 1, role: .follower))
            #expect(cluster.status(id).hardState.vote == 1)
        }
    }

    @Test func electionTimeoutsAreRandomizedFromTheSeed() throws {
        func ticksToCampaign(seed: UInt64) throws -> Int {
            var config = RaftConfig(id: 1, randomSeed: seed)
            config.preVote = false
            config.checkQuorum = false
            var node = try RaftNode(config: config, storage: MemoryStorage.bootstrap(voters: [1, 2, 3]))
            let rd = node.ready()
            for entry in rd.committedEntries {
                if let change = ConfChange(decoding: entry.data) { try node.applyConfChange(change) }
            }
            node.advance(rd)
            for tick in 1...100 {
                node.tick()
                if node.status.softState.role == .candidate { return tick }
            }
            return -1
        }
        let timeouts = try (1...20).map { try ticksToCampaign(seed: $0) }
        #expect(timeouts.allSatisfy { (10..<20).contains($0) })
        #expect(Set(timeouts).count > 1, "all seeds drew the same timeout")
        #expect(try ticksToCampaign(seed: 7) == ticksToCampaign(seed: 7))
    }

    @Test func aPartitionedMemberDoesNotRaiseItsTermWithPreVote() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster.isolated = [3]
        try cluster.tick(3, times: 100)
        try cluster.deliverAll()
        #expect(cluster.status(3).hardState.term == 2)
        #expect(cluster.status(3).softState.role == .preCandidate || cluster.status(3).softState.role == .follower)
        cluster.isolated = []
        try cluster.tick(1, times: 2)
        try cluster.deliverAll()
        #expect(cluster.status(1).softState.role == .leader)
        #expect(cluster.status(1).hardState.term == 2, "the returning member deposed a healthy leader")
    }

    @Test func withoutPreVoteAPartitionedMemberDisruptsOnReturn() throws {
        // The contrast that shows what pre-vote buys.
        let cluster = try TestCluster(voters: [1, 2, 3]) { $0.preVote = false; $0.checkQuorum = false }
        try cluster.elect(1)
        cluster.isolated = [3]
        try cluster.tick(3, times: 100)
        try cluster.deliverAll()
        #expect(cluster.status(3).hardState.term > 2)
    }

    @Test func checkQuorumMakesAnIsolatedLeaderStepDown() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster.isolated = [1]
        try cluster.tick(1, times: 25)
        try cluster.deliverAll()
        #expect(cluster.status(1).softState.role == .follower)
    }

    @Test func aMemberInTheLeadersLeaseIgnoresCampaigns() throws {
        let cluster = try TestCluster(voters: [1, 2, 3]) { $0.preVote = false }
        try cluster.elect(1)
        // Node 3 forces a real election while 2 still hears from the leader.
        cluster.isolated = [1]
        try cluster[3].campaign()
        try cluster.deliverAll()
        #expect(cluster.status(3).softState.role == .candidate)
        #expect(cluster.status(2).hardState.vote == 1)
    }

    @Test func aCandidateWithAStaleLogIsRefused() throws {
        let longer = storage(voters: [1, 2, 3], extraTerms: [2, 2], hardTerm: 2)
        let cluster = try TestCluster(
            voters: [1, 2, 3],
            storages: [1: .bootstrap(voters: [1, 2, 3]), 2: longer,
                       3: storage(voters: [1, 2, 3], extraTerms: [2, 2], hardTerm: 2)]) { $0.preVote = false }
        try cluster.elect(1)
        #expect(cluster.status(1).softState.role != .leader)
        #expect(cluster.status(2).hardState.vote != 1)
    }

    @Test func leadershipTransferElectsTheTarget() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster[1].transferLeadership(to: 3)
        try cluster.deliverAll()
        #expect(cluster.status(3).softState.role == .leader)
        #expect(cluster.status(3).hardState.term == 3)
        #expect(cluster.status(1).softState == SoftState(lead: 3, role: .follower))
    }

    @Test func aTransferringLeaderRefusesProposals() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster.isolated = [3]
        cluster[1].transferLeadership(to: 3)
        #expect(throws: RaftError.proposalDropped) { try cluster[1].propose(.text("x")) }
    }
}
