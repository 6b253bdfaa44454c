import Testing
@testable import Raft

@Suite struct MembershipTests {
    @Test func aLearnerReceivesTheLogButNeverCampaigns() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].proposeConfChange(ConfChange(kind: .addLearner, nodeID: 4))
        try cluster.deliverAll()
        #expect(cluster.status(1).confState.learners == [4])

        try cluster.join(4)
        try cluster[1].propose(.text("for the learner"))
        try cluster.tick(1, times: 3)
        try cluster.deliverAll()
        #expect(cluster.appliedData(4).contains(.text("for the learner")))
        #expect(cluster.status(4).confState.learners == [4])
        let before = cluster.sent.count
        cluster.isolated = [4]
        try cluster.tick(4, times: 100)
        #expect(cluster.status(4).softState.role == .follower)
        #expect(!cluster.sent[before...].contains { $0.kind == .vote || $0.kind == .preVote })
    }

    @Test func aPromotedLearnerCountsTowardsTheQuorum() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].proposeConfChange(ConfChange(kind: .addLearner, nodeID: 4))
        try cluster.deliverAll()
        try cluster[1].proposeConfChange(ConfChange(kind: .addNode, nodeID: 4))
        try cluster.deliverAll()
        #expect(cluster.status(1).confState == ConfState(voters: [1, 2, 3, 4]))
    }

    @Test func onlyOneConfChangeIsPendingAtATime() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].proposeConfChange(ConfChange(kind: .addLearner, nodeID: 4))
        try cluster[1].proposeConfChange(ConfChange(kind: .addLearner, nodeID: 5))
        try cluster.deliverAll()
        #expect(cluster.status(1).confState.learners == [4])
        #expect(cluster.applied[1]!.filter { $0.kind == .confChange }.count == 3 + 1)
    }

    @Test func aRemovedMemberStopsCampaigning() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].proposeConfChange(ConfChange(kind: .removeNode, nodeID: 3))
        try cluster.deliverAll()
        #expect(cluster.status(3).confState.voters == [1, 2])
        cluster.isolated = [3]
        let term = cluster.status(3).hardState.term
        try cluster.tick(3, times: 200)
        #expect(cluster.status(3).hardState.term == term)
        #expect(!cluster.sent.contains { $0.from == 3 && ($0.kind == .vote || $0.kind == .preVote) })
    }

    @Test func aRemovedLeaderHandsOverAndStepsDown() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].proposeConfChange(ConfChange(kind: .removeNode, nodeID: 1))
        try cluster.deliverAll()
        #expect(cluster.status(1).softState.role != .leader || cluster.status(1).confState.voters.contains(1) == false)
        try cluster.tick(1, times: 12)
        try cluster.deliverAll()
        #expect(cluster.status(1).softState.role == .follower)
        let leader = cluster.leader()
        #expect(leader == 2 || leader == 3)
        try cluster[leader!].propose(.text("after removal"))
        try cluster.deliverAll()
        #expect(cluster.appliedData(2).contains(.text("after removal")))
    }

    @Test func removingTheLastVoterIsRefused() throws {
        var node = try RaftNode(config: RaftConfig(id: 1, randomSeed: 1), storage: MemoryStorage.bootstrap(voters: [1]))
        #expect(throws: RaftError.removedAllVoters) { try node.applyConfChange(ConfChange(kind: .removeNode, nodeID: 1)) }
        #expect(node.status.confState.voters == [1])
    }

    @Test func confChangesRoundTripThroughTheirEncoding() {
        let change = ConfChange(kind: .addLearner, nodeID: 0xDEAD_BEEF_0102_0304, context: .text("http://m:2380"))
        #expect(ConfChange(decoding: change.encoded) == change)
        #expect(ConfChange(decoding: [9, 1, 2]) == nil)
        #expect(ConfChange(decoding: [7] + Array(repeating: 0, count: 8)) == nil)
    }
}
