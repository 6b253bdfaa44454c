import Raft

/// One member: its Raft node (nil while crashed), its "disk" (the storage survives a crash,
/// nothing else does), and its application, a state machine reduced to a running hash.
final class SimulatedNode {
    let id: NodeID
    var raft: RaftNode?
    let storage: MemoryStorage
    var incarnation = 0
    var appliedIndex: UInt64 = 0
    var stateHash: UInt64 = 0
    var confState: ConfState
    /// Read points waiting for the application to catch up.
    var waitingReads: [ReadPoint] = []
    /// The `Ready` with the disk, if any (lost in a crash).
    var pipeline = ReadyPipeline()
    /// The last term this incarnation was seen leading in.
    var ledTerm: UInt64?
    /// A paused member (a stopped process, a long GC pause) is not ticked, and messages to or
    /// from it wait in the network until it resumes (those to it over a cut link are lost).
    var isPaused = false

    /// The answer to a read request: serve `context` once applied up to `index`.
    struct ReadPoint {
        var index: UInt64
        var context: [UInt8]
    }

    init(id: NodeID, storage: MemoryStorage) {
        self.id = id
        self.storage = storage
        self.confState = storage.initialState().1
    }

    var isAlive: Bool { raft != nil }

    /// Alive and not paused: it can be ticked, handed messages and asked things.
    var isRunning: Bool { raft != nil && !isPaused }

    var role: Role? { raft?.status.softState.role }

    var term: UInt64 { raft?.status.hardState.term ?? 0 }

    /// Rebuilds the application from the persisted snapshot, as a real member does at start.
    func restoreApplicationFromDisk() {
        guard let snapshot = try? storage.snapshot() else { preconditionFailure("memory storage always has a snapshot") }
        appliedIndex = snapshot.metadata.index
        stateHash = Self.decodeState(snapshot.data)
        confState = snapshot.metadata.confState
        waitingReads = []
    }

    static func encodeState(_ hash: UInt64) -> [UInt8] {
        withUnsafeBytes(of: hash.littleEndian) { Array($0) }
    }

    static func decodeState(_ data: [UInt8]) -> UInt64 {
        guard data.count == 8 else { return 0 }
        return data.reversed().reduce(0) { $0 << 8 | UInt64($1) }
    }
}

/// FNV-1a over the entry, folded into the previous state: equal states mean equal histories.
func nextStateHash(_ previous: UInt64, _ entry: Entry) -> UInt64 {
    var h = previous ^ 0xCBF2_9CE4_8422_2325
    for byte in entry.data { h = (h ^ UInt64(byte)) &* 0x100_0000_01B3 }
    h = (h ^ entry.index) &* 0x100_0000_01B3
    return (h ^ UInt64(entry.kind.rawValue)) &* 0x100_0000_01B3
}

func payloadHash(_ data: [UInt8]) -> UInt64 {
    data.reduce(0xCBF2_9CE4_8422_2325) { ($0 ^ UInt64($1)) &* 0x100_0000_01B3 }
}
