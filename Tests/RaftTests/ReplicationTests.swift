import Testing
@testable import Raft

@Suite struct ReplicationTests {
    @Test func proposalsCommitAndApplyEverywhere() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].propose(.text("a"))
        try cluster[1].propose(.text("b"))
        try cluster.deliverAll()
        for id: NodeID in [1, 2, 3] { #expect(cluster.appliedData(id) == [.text("a"), .text("b")]) }
    }

    @Test func followersForwardProposalsToTheLeader() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[3].propose(.text("via follower"))
        try cluster.deliverAll()
        #expect(cluster.appliedData(1) == [.text("via follower")])
    }

    @Test func theLeaderCountsItsOwnEntryOnlyOnceItIsPersisted() throws {
        let storage = MemoryStorage.bootstrap(voters: [1])
        var node = try RaftNode(config: RaftConfig(id: 1, randomSeed: 1), storage: storage)
        func settle() throws {
            for _ in 0..<10 where node.hasReady {
                let rd = node.ready()
                storage.append(rd.entries)
                if let hard = rd.hardState { storage.setHardState(hard) }
                for entry in rd.committedEntries {
                    if let change = ConfChange(decoding: entry.data), entry.kind == .confChange { try node.applyConfChange(change) }
                }
                node.advance(rd)
            }
        }
        try settle()
        try node.campaign()
        try settle()
        #expect(node.status.softState.role == .leader)

        try node.propose(.text("durable first"))
        var rd = node.ready()
        #expect(rd.entries.map(\.data) == [.text("durable first")])
        #expect(!rd.committedEntries.contains { $0.data == .text("durable first") },
                "an entry committed before the leader persisted it")
        storage.append(rd.entries)
        node.advance(rd)
        rd = node.ready()
        #expect(rd.committedEntries.map(\.data) == [.text("durable first")])
    }

    @Test func aNewLeaderDoesNotCommitEntriesOfEarlierTermsByCounting() throws {
        // Figure 8: node 1 holds an entry of term 2 that nobody else has. As leader of term 3
        // it must not commit it when a majority has it, only once an entry of term 3 commits.
        let voters: [NodeID] = [1, 2, 3]
        let cluster = try TestCluster(
            voters: voters,
            storages: [1: storage(voters: voters, extraTerms: [2], hardTerm: 2),
                       2: storage(voters: voters, extraTerms: [], hardTerm: 2),
                       3: storage(voters: voters, extraTerms: [], hardTerm: 2)]) { $0.preVote = false }
        try cluster[1].campaign()
        // The votes arrive; the new leader's appends are lost.
        try cluster.deliverAll { $0.kind != .append }
        #expect(cluster.status(1).softState.role == .leader)
        #expect(cluster.status(1).hardState.term == 3)
        // Hand node 2 the term-2 entry alone, as a slow network might have.
        var m = Message(kind: .append, to: 2, from: 1, term: 3, logTerm: 1, index: 3,
                        entries: [Entry(term: 2, index: 4, data: .text("e2"))], commit: 3)
        try cluster[2].step(m)
        try cluster.processReady(2)
        let ack = cluster.mailbox.first { $0.kind == .appendResponse && $0.index == 4 }
        #expect(ack != nil)
        cluster.mailbox = []
        try cluster[1].step(ack!)
        try cluster.processReady(1)
        #expect(cluster.status(1).hardState.commit == 3, "committed an earlier term's entry by counting replicas")
        // Once the term-3 entry replicates, both commit together.
        cluster.mailbox = []
        m = Message(kind: .heartbeatResponse, to: 1, from: 2, term: 3)
        try cluster[1].step(m)
        try cluster.deliverAll()
        #expect(cluster.status(1).hardState.commit == 5)
        #expect(cluster.appliedData(2).contains(.text("e2")))
    }

    @Test func fastBacktrackingSkipsAWholeTermPerRoundTrip() throws {
        let voters: [NodeID] = [1, 2, 3]
        let cluster = try TestCluster(
            voters: voters,
            storages: [1: storage(voters: voters, extraTerms: Array(repeating: 3, count: 50), hardTerm: 3),
                       2: storage(voters: voters, extraTerms: Array(repeating: 2, count: 100), hardTerm: 2),
                       3: storage(voters: voters, extraTerms: Array(repeating: 3, count: 50), hardTerm: 3)]) {
            $0.preVote = false
        }
        try cluster.elect(1)
        #expect(cluster.status(1).softState.role == .leader)
        let appendsToTwo = cluster.sent.filter { $0.kind == .append && $0.to == 2 }.count
        #expect(cluster.status(2).lastIndex == 54)
        #expect(appendsToTwo <= 4, "backtracking took \(appendsToTwo) appends")
        #expect(cluster.storages[2]!.lastIndex() == 54)
    }

    @Test func inflightAppendsAreBoundedForASilentFollower() throws {
        let cluster = try TestCluster(voters: [1, 2, 3]) { $0.maxInflightMessages = 2 }
        try cluster.elect(1)
        cluster.mailbox = []
        let before = cluster.sent.count
        for i in 0..<10 {
            try cluster[1].propose(.text("p\(i)"))
            try cluster.processReady(1)
        }
        let appendsToThree = cluster.sent[before...].filter { $0.kind == .append && $0.to == 3 && !$0.entries.isEmpty }
        #expect(appendsToThree.count == 2, "sent \(appendsToThree.count) appends into a window of 2")
    }

    @Test func proposalsMadeTogetherTravelInOneAppend() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster.mailbox = []
        let before = cluster.sent.count
        for i in 0..<5 { try cluster[1].propose(.text("b\(i)")) }
        try cluster.processReady(1)
        let appends = cluster.sent[before...].filter { $0.kind == .append && $0.to == 2 }
        #expect(appends.count == 1)
        #expect(appends.first?.entries.count == 5)
    }

    @Test func aFollowerBehindTheCompactedLogReceivesASnapshot() throws {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        cluster.isolated = [3]
        for i in 0..<10 { try cluster[1].propose(.text("s\(i)")) }
        try cluster.deliverAll()
        let leaderStorage = cluster.storages[1]!
        let index = cluster.status(1).applied
        try leaderStorage.createSnapshot(index: index, confState: cluster.status(1).confState, data: .text("state"))
        try leaderStorage.compact(upTo: index)
        cluster.isolated = []
        try cluster.tick(1, times: 3)
        try cluster.deliverAll()
        #expect(cluster.sent.contains { $0.kind == .snapshot && $0.to == 3 })
        #expect(try cluster.storages[3]!.snapshot().data == .text("state"))
        #expect(cluster.status(3).hardState.commit == cluster.status(1).hardState.commit)
    }
}
