import Raft

/// Everything that decides one simulated run; the same options replay the same run.
public struct SimulationOptions: Sendable {
    public var seed: UInt64
    public var nodeCount: Int
    /// Ticks during which faults are injected.
    public var faultTicks: Int = 500
    /// After the faults stop, ticks within which a leader must be elected and a proposal commit everywhere.
    public var livenessTicks: Int = 400
    public var electionTicks: Int = 10
    public var heartbeatTicks: Int = 2
    public var readOnlyOption: ReadOnlyOption = .safe
    public var maxDelayTicks: Int = 3
    public var dropPercent: Int = 5
    public var duplicatePercent: Int = 3
    public var trace = false
    /// A read-path bug to impose on every member; nil runs the Raft core as it is.
    public var mutation: ReadMutation?
    /// Members persist a `Ready` behind their Raft loop, as kvd's does: the node goes on
    /// stepping messages and ticks until the fsync ends, then the Ready is finished.
    public var persistBehindTheLoop = false

    public init(seed: UInt64, nodeCount: Int? = nil) {
        self.seed = seed
        let sizes = [1, 3, 4, 5, 7]
        self.nodeCount = nodeCount ?? sizes[Int(seed % UInt64(sizes.count))]
        // Vary the read mode and the network's harshness by seed so every run is different.
        readOnlyOption = (seed / 5) % 2 == 0 ? .safe : .leaseBased
        dropPercent = Int((seed / 10) % 3) * 5
        maxDelayTicks = 1 + Int((seed / 30) % 4)
        persistBehindTheLoop = (seed / 2) % 2 == 1
    }

    /// The command that replays this run with a trace.
    public var replayCommand: String {
        let mutation = mutation.map { " --mutation \($0.rawValue)" } ?? ""
        return "swift run -c release raft-sim --seed \(seed)\(mutation) --trace"
    }
}

public struct SimulationFailure: Error, CustomStringConvertible {
    public var seed: UInt64
    public var tick: Int
    public var message: String

    public var description: String { "seed \(seed) failed at tick \(tick): \(message)" }
}

/// Counts that show a run exercised what it was meant to.
public struct SimulationStats: Sendable {
    public var elections = 0
    public var committedEntries = 0
    public var reads = 0
    public var crashes = 0
    public var partitions = 0
    public var confChanges = 0
    public var snapshotsSent = 0
    public var transfers = 0
    public var readEpisodes = 0

    public init() {}

    public mutating func add(_ other: SimulationStats) {
        elections += other.elections
        committedEntries += other.committedEntries
        reads += other.reads
        crashes += other.crashes
        partitions += other.partitions
        confChanges += other.confChanges
        snapshotsSent += other.snapshotsSent
        transfers += other.transfers
        readEpisodes += other.readEpisodes
    }
}
