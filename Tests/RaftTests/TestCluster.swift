import Raft

/// A small synchronous cluster for scenario tests: the test decides which messages move,
/// and every Ready is persisted and applied at once, in the order the contract demands.
final class TestCluster {
    private(set) var nodes: [NodeID: RaftNode] = [:]
    private(set) var storages: [NodeID: MemoryStorage] = [:]
    private(set) var applied: [NodeID: [Entry]] = [:]
    private(set) var readStates: [NodeID: [ReadState]] = [:]
    /// Messages sent and not yet delivered.
    var mailbox: [Message] = []
    /// Members cut off from everyone, both ways.
    var isolated: Set<NodeID> = []
    /// Every message ever sent, for assertions about traffic.
    private(set) var sent: [Message] = []

    init(voters: [NodeID], storages custom: [NodeID: MemoryStorage] = [:],
         configure: (inout RaftConfig) -> Void = { _ in }) throws {
        for id in voters {
            let storage = custom[id] ?? .bootstrap(voters: voters)
            storages[id] = storage
            var config = RaftConfig(id: id, randomSeed: id)
            configure(&config)
            nodes[id] = try RaftNode(config: config, storage: storage)
            applied[id] = []
            readStates[id] = []
        }
        // The founders apply the bootstrap entries first, as a starting member does.
        try processAll()
    }

    /// Starts a member with an empty disk, as a new member joins: it learns the founders and
    /// everything since from the leader.
    func join(_ id: NodeID) throws {
        let storage = MemoryStorage()
        storages[id] = storage
        nodes[id] = try RaftNode(config: RaftConfig(id: id, randomSeed: id), storage: storage)
        applied[id] = []
        readStates[id] = []
    }

    subscript(id: NodeID) -> RaftNode {
        get { nodes[id]! }
        set { nodes[id] = newValue }
    }

    func status(_ id: NodeID) -> RaftStatus { nodes[id]!.status }

    /// Persists, sends and applies everything `id` has ready.
    func processReady(_ id: NodeID) throws {
        var rounds = 0
        while nodes[id]!.hasReady {
            rounds += 1
            precondition(rounds < 100, "node \(id) never runs out of Ready work")
            let rd = nodes[id]!.ready()
            let storage = storages[id]!
            if let snapshot = rd.snapshot { try storage.applySnapshot(snapshot) }
            storage.append(rd.entries)
            if let hard = rd.hardState { storage.setHardState(hard) }
            mailbox.append(contentsOf: rd.messages)
            sent.append(contentsOf: rd.messages)
            for entry in rd.committedEntries {
                if entry.kind == .confChange, let change = ConfChange(decoding: entry.data) {
                    try nodes[id]!.applyConfChange(change)
                }
                applied[id]!.append(entry)
            }
            readStates[id]!.append(contentsOf: rd.readStates)
            nodes[id]!.advance(rd)
        }
    }

    func processAll() throws {
        for id in nodes.keys.sorted() { try processReady(id) }
    }

    /// Delivers messages until none are left, dropping those to or from isolated members and
    /// those `filter` rejects. Bounded: a livelock is a test failure, not a hang.
    func deliverAll(filter: (Message) -> Bool = { _ in true }) throws {
        try processAll()
        var rounds = 0
        while !mailbox.isEmpty {
            rounds += 1
            precondition(rounds < 10_000, "messages never stop")
            let batch = mailbox
            mailbox = []
            for m in batch where !isolated.contains(m.from) && !isolated.contains(m.to) && filter(m) {
                guard nodes[m.to] != nil else { continue }
                try? nodes[m.to]!.step(m)
                try processReady(m.to)
            }
        }
    }

    func tick(_ id: NodeID, times: Int = 1) throws {
        for _ in 0..<times {
            nodes[id]!.tick()
            try processReady(id)
        }
    }

    func elect(_ id: NodeID) throws {
        try nodes[id]!.campaign()
        try deliverAll()
    }

    func leader() -> NodeID? {
        nodes.values.first { $0.status.softState.role == .leader }?.id
    }

    func appliedData(_ id: NodeID) -> [[UInt8]] {
        applied[id]!.filter { $0.kind == .normal && !$0.data.isEmpty }.map(\.data)
    }
}

/// A founder's storage with extra entries after the bootstrap ones, for logs that disagree.
func storage(voters: [NodeID], extraTerms: [UInt64], hardTerm: UInt64) -> MemoryStorage {
    let storage = MemoryStorage.bootstrap(voters: voters)
    let first = storage.lastIndex() + 1
    storage.append(extraTerms.enumerated().map { offset, term in
        Entry(term: term, index: first + UInt64(offset), data: Array("e\(term)".utf8))
    })
    storage.setHardState(HardState(term: hardTerm, commit: UInt64(voters.count)))
    return storage
}

extension Array where Element == UInt8 {
    static func text(_ s: String) -> [UInt8] { Array(s.utf8) }
}
