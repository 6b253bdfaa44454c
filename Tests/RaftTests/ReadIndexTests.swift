import Testing
@testable import Raft

@Suite struct ReadIndexTests {
    @Test func aReadIsAnsweredAfterAQuorumConfirmsLeadership() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].propose(.text("w"))
        try cluster.deliverAll()
        let commit = cluster.status(1).hardState.commit
        cluster[1].readIndex(context: .text("r1"))
        try cluster.processReady(1)
        #expect(cluster.readStates[1]!.isEmpty, "answered before hearing from a quorum")
        try cluster.deliverAll()
        #expect(cluster.readStates[1] == [ReadState(index: commit, context: .text("r1"))])
    }

    @Test func anIsolatedLeaderNeverAnswersAReadInSafeMode() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster.isolated = [1]
        cluster[1].readIndex(context: .text("stale?"))
        try cluster.deliverAll()
        try cluster.tick(1, times: 5)
        try cluster.deliverAll()
        #expect(cluster.readStates[1]!.isEmpty)
    }

    @Test func aNewLeaderWaitsForAnEntryOfItsTermBeforeAnsweringReads() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster[1].campaign()
        try cluster.deliverAll { $0.kind != .append }
        #expect(cluster.status(1).softState.role == .leader)
        cluster[1].readIndex(context: .text("early"))
        try cluster.deliverAll { $0.kind != .append }
        #expect(cluster.readStates[1]!.isEmpty, "answered with a commit index that may be stale")
        try cluster.tick(1, times: 2)
        try cluster.deliverAll()
        let commit = cluster.status(1).hardState.commit
        #expect(cluster.readStates[1] == [ReadState(index: commit, context: .text("early"))])
    }

    @Test func aFollowersReadIsForwardedAndAnswered() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster[3].readIndex(context: .text("f"))
        try cluster.deliverAll()
        #expect(cluster.readStates[3]?.map(\.context) == [.text("f")])
        #expect(cluster.readStates[3]?.first?.index == cluster.status(1).hardState.commit)
    }

    @Test func aLeaseReadNeedsNoRoundTripWhileTheLeaseHolds() throws {
        let cluster = try TestCluster(voters: [1, 2, 3]) { $0.readOnlyOption = .leaseBased }
        // Members that just started keep any promise they may have made before a crash:
        // nobody can be elected for the first election timeout.
        try cluster.elect(1)
        #expect(cluster.leader() == nil)
        for _ in 0..<10 {
            for id: NodeID in [1, 2, 3] { cluster[id].tick() }
        }
        try cluster.deliverAll()
        if cluster.leader() == nil { try cluster.elect(1) }
        let leader = try #require(cluster.leader())
        try cluster.tick(leader, times: 2)
        try cluster.deliverAll()
        cluster[leader].readIndex(context: .text("lease"))
        try cluster.processReady(leader)
        #expect(cluster.readStates[leader]?.map(\.context) == [.text("lease")])

        // Cut off for longer than the lease, the leader falls back to asking a quorum.
        cluster.isolated = [leader]
        cluster.mailbox = []
        try cluster.tick(leader, times: 9)
        cluster[leader].readIndex(context: .text("expired"))
        try cluster.processReady(leader)
        #expect(!(cluster.readStates[leader]?.map(\.context).contains(.text("expired")) ?? true))
    }

    @Test func leaseReadsRequireCheckQuorum() {
        var config = RaftConfig(id: 1, randomSeed: 1)
        config.readOnlyOption = .leaseBased
        config.checkQuorum = false
        #expect(throws: RaftError.self) { try RaftNode(config: config, storage: MemoryStorage.bootstrap(voters: [1])) }
    }
}

@Suite struct SoleVoterReadIndexTests {
    /// A sole voter restarted with a commit index older than the one it had reached (the hard
    /// state recording it was lost in the crash) may not answer with it: a read that arrives
    /// while its first entry of the new term is being persisted waits for that entry.
    @Test func aRestartedSoleVoterWaitsForAnEntryOfItsTerm() throws {
        let storage = MemoryStorage(confState: ConfState(voters: [1]))
        storage.append([Entry(term: 1, index: 1, data: [1]), Entry(term: 1, index: 2, data: [2])])
        storage.setHardState(HardState(term: 1, vote: 1, commit: 1))
        var node = try RaftNode(config: RaftConfig(id: 1, randomSeed: 1), storage: storage)
        try node.campaign()
        var answered: [ReadState] = []
        var asked = false
        for _ in 0..<10 where node.hasReady {
            let rd = node.ready()
            answered += rd.readStates
            if !asked {
                // Stepped while the Ready is with the disk, as kvd's member does.
                node.readIndex(context: [7])
                asked = true
            }
            storage.append(rd.entries)
            if let hard = rd.hardState { storage.setHardState(hard) }
            node.advance(rd)
        }
        #expect(node.status.softState.role == .leader)
        #expect(answered == [ReadState(index: 3, context: [7])])
    }
}
