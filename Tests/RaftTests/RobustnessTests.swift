import Testing
@testable import Raft

@Suite struct RobustnessTests {
    @Test func localMessageKindsAreRefusedFromPeers() throws {
        var node = try RaftNode(config: RaftConfig(id: 1, randomSeed: 1), storage: MemoryStorage.bootstrap(voters: [1, 2, 3]))
        for kind in MessageKind.allCases where kind.isLocalOnly {
            #expect(throws: RaftError.stepLocalMessage) { try node.step(Message(kind: kind, to: 1, from: 2, term: 5)) }
        }
        #expect(node.status.hardState.term == 1)
    }

    @Test func responsesFromUnknownMembersAreRefused() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        #expect(throws: RaftError.stepPeerNotFound) {
            try cluster[1].step(Message(kind: .appendResponse, to: 1, from: 99, term: 2, index: 1_000))
        }
        #expect(cluster.status(1).hardState.commit == cluster.status(2).hardState.commit)
    }

    @Test func aStaleLeaderLearnsTheNewTermAndStepsDown() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster.isolated = [1]
        try cluster[1].propose(.text("lost"))
        for _ in 0..<30 {
            try cluster.tick(2)
            try cluster.tick(3)
            try cluster.deliverAll()
        }
        let newLeader = try #require([2, 3].first { cluster.status($0).softState.role == .leader })
        #expect(cluster.status(1).softState.role == .leader, "still believes it leads, cut off")
        cluster.isolated = []
        try cluster.tick(newLeader, times: 3)
        try cluster.deliverAll()
        #expect(cluster.status(1).softState == SoftState(lead: newLeader, role: .follower))
        #expect(cluster.status(1).hardState.term == cluster.status(newLeader).hardState.term)
        #expect(!cluster.appliedData(1).contains(.text("lost")))
    }

    @Test func appendsAtImpossibleIndexesAreRejectedNotApplied() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        let last = cluster.status(2).lastIndex
        try cluster[2].step(Message(kind: .append, to: 2, from: 1, term: 2, logTerm: 2, index: last + 1_000,
                                    entries: [Entry(term: 2, index: last + 1_001, data: .text("gap"))], commit: last + 1_001))
        try cluster.processReady(2)
        #expect(cluster.status(2).lastIndex == last)
        #expect(cluster.mailbox.last?.reject == true)
        // A heartbeat claiming a commit beyond the log is clamped, not trusted.
        try cluster[2].step(Message(kind: .heartbeat, to: 2, from: 1, term: 2, commit: .max))
        #expect(cluster.status(2).hardState.commit == last)
    }

    @Test func invalidConfigurationsAreRefused() {
        var zero = RaftConfig(id: 0, randomSeed: 1)
        zero.electionTicks = 10
        #expect(throws: RaftError.self) { try RaftNode(config: zero, storage: MemoryStorage()) }
        var ticks = RaftConfig(id: 1, randomSeed: 1)
        ticks.electionTicks = 1
        #expect(throws: RaftError.self) { try RaftNode(config: ticks, storage: MemoryStorage()) }
    }

    @Test func aRestartedMemberResumesFromItsPersistedState() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].propose(.text("kept"))
        try cluster.deliverAll()
        let storage = cluster.storages[2]!
        let restarted = try RaftNode(config: RaftConfig(id: 2, randomSeed: 9), storage: storage)
        #expect(restarted.status.hardState == cluster.status(2).hardState)
        #expect(restarted.status.lastIndex == cluster.status(2).lastIndex)
    }
}

@Suite struct QuorumTests {
    @Test func committedValueIsTheQuorumthLargest() {
        #expect(Quorum.committedValue([5]) == 5)
        #expect(Quorum.committedValue([1, 5, 3]) == 3)
        #expect(Quorum.committedValue([1, 5, 3, 4]) == 3)
        #expect(Quorum.committedValue([9, 9, 1, 1, 1]) == 1)
        #expect(Quorum.committedValue([9, 9, 9, 1, 1]) == 9)
    }

    @Test func votesAreWonLostOrPending() {
        #expect(Quorum.voteResult(voters: [1, 2, 3], votes: [1: true]) == .pending)
        #expect(Quorum.voteResult(voters: [1, 2, 3], votes: [1: true, 2: true]) == .won)
        #expect(Quorum.voteResult(voters: [1, 2, 3], votes: [1: true, 2: false, 3: false]) == .lost)
        #expect(Quorum.voteResult(voters: [1, 2, 3, 4], votes: [1: true, 2: true, 3: false]) == .pending)
        #expect(Quorum.voteResult(voters: [1, 2, 3], votes: [7: true, 8: true]) == .pending)
    }

    @Test func inflightsFreeInOrderAndBoundBytes() {
        var inflights = Inflights(capacity: 3, maxBytes: 100)
        inflights.add(index: 1, bytes: 40)
        inflights.add(index: 2, bytes: 40)
        #expect(!inflights.isFull)
        inflights.add(index: 3, bytes: 40)
        #expect(inflights.isFull)
        inflights.freeLE(2)
        #expect(inflights.count == 1 && inflights.bytes == 40)
        var bytesBound = Inflights(capacity: 10, maxBytes: 50)
        bytesBound.add(index: 1, bytes: 60)
        #expect(bytesBound.isFull)
    }
}
