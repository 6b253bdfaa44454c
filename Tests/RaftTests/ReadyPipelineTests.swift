import Raft
import Testing

/// The pipeline both kvd's member and the simulator run their `Ready`s through. The simulator
/// proves it safe under faults (a pipeline that let acknowledgements out before the disk fails
/// dozens of its seeds); these pin down each stage's part.
struct ReadyPipelineTests {
    /// A follower handed an append: its acknowledgement must wait for the entry to be durable.
    private func followerWithAnAppend() throws -> TestCluster {
        let cluster = try TestCluster(voters: [1, 2, 3])
        try cluster.elect(1)
        try cluster[1].propose(.text("x"))
        try cluster.processReady(1)
        let append = try #require(cluster.mailbox.first { $0.kind == .append && $0.to == 2 && !$0.entries.isEmpty })
        cluster.mailbox = []
        try cluster[2].step(append)
        return cluster
    }

    @Test func anAcknowledgementWaitsForTheDiskAndOtherMessagesDoNot() throws {
        let cluster = try followerWithAnAppend()
        var node = cluster[2]
        var pipeline = ReadyPipeline()
        let taken = pipeline.take(from: &node)!
        #expect(!taken.ready.entries.isEmpty)
        #expect(taken.ready.messages.contains { $0.kind == .appendResponse })
        #expect(!taken.sendNow.contains { $0.requiresPersistence })
        #expect(pipeline.isPersisting)
        #expect(pipeline.persisting?.entries == taken.ready.entries)

        cluster.storages[2]!.append(taken.ready.entries)
        if let hard = taken.ready.hardState { cluster.storages[2]!.setHardState(hard) }
        let released = pipeline.persisted()
        #expect(released.sendNow.count == taken.ready.messages.filter(\.requiresPersistence).count)
        #expect(released.sendNow.allSatisfy { $0.kind == .appendResponse && $0.to == 1 })
        #expect(!pipeline.isPersisting && !pipeline.isIdle)
        pipeline.finish(&node)
        #expect(pipeline.isIdle)
        #expect(node.status.lastIndex == taken.ready.entries.last?.index)
    }

    @Test func noSecondReadyIsTakenWhileOneIsWithTheDisk() throws {
        let cluster = try followerWithAnAppend()
        var node = cluster[2]
        var pipeline = ReadyPipeline()
        #expect(pipeline.take(from: &node) != nil)
        // More work arrives (a heartbeat's commit) while the first Ready is being written.
        node.tick()
        try node.step(Message(kind: .heartbeat, to: 2, from: 1, term: cluster.status(1).hardState.term,
                              commit: cluster.status(1).hardState.commit))
        #expect(pipeline.take(from: &node) == nil)
        _ = pipeline.persisted()
        #expect(pipeline.take(from: &node) == nil, "taken again before the first one finished")
        pipeline.finish(&node)
        #expect(pipeline.take(from: &node) != nil)
    }
}
