import Raft

/// Linearizable reads as a client sees them: issued on any member, answered with a read
/// point, served once the member has applied up to it, and checked at both steps. The bugs
/// of `ReadMutation` are imposed here, so the Raft core never carries them.
extension Simulation {
    /// Asks `node` for a read point; the checker notes what was committed when it began.
    func issueRead(on node: SimulatedNode) throws(SafetyChecker.Violation) {
        guard let raft = node.raft else { return }
        nextPayload += 1
        let context = Array("r\(nextPayload)".utf8)
        checker.readStarted(context: context)
        trace("read \(String(decoding: context, as: UTF8.self)) on node \(node.id), \(checker.knownCommit) committed")
        if options.mutation == .leaderAnswersAtOnce, node.role == .leader {
            try receiveReadPoint(index: raft.hardState.commit, context: context, on: node)
            try serveReads(node)
        } else {
            node.raft!.readIndex(context: context)
        }
        try drain(node)
    }

    /// Under `.leaderAnswersAtOnce`, what a leader sends back for a ReadIndex a follower
    /// forwarded, without asking anyone; nil when the Raft core should handle `m`.
    func mutatedAnswer(to m: Message, at node: SimulatedNode) -> Message? {
        guard options.mutation == .leaderAnswersAtOnce, m.kind == .readIndex,
              let raft = node.raft, node.role == .leader else { return nil }
        let hard = raft.hardState
        return Message(kind: .readIndexResponse, to: m.from, from: node.id, term: hard.term,
                       index: hard.commit, entries: m.entries)
    }

    /// Checks a read point and queues it until the application catches up with it; under
    /// `.followerServesBelowReadIndex` a follower waits for nothing.
    func receiveReadPoint(index: UInt64, context: [UInt8], on node: SimulatedNode) throws(SafetyChecker.Violation) {
        trace("node \(node.id) has read point \(index) for \(String(decoding: context, as: UTF8.self)), applied \(node.appliedIndex)")
        try checker.checkReadState(index: index, context: context, on: node.id)
        let servesAtOnce = options.mutation == .followerServesBelowReadIndex && node.role != .leader
        node.waitingReads.append(.init(index: servesAtOnce ? 0 : index, context: context))
    }

    /// Serves every read whose point the application has reached, checking what it returns.
    func serveReads(_ node: SimulatedNode) throws(SafetyChecker.Violation) {
        let due = node.waitingReads.filter { $0.index <= node.appliedIndex }
        for read in due {
            try checker.checkServedRead(context: read.context, appliedIndex: node.appliedIndex, on: node.id)
        }
        stats.reads += due.count
        node.waitingReads.removeAll { $0.index <= node.appliedIndex }
    }
}
