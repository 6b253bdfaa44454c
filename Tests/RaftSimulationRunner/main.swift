#if canImport(Glibc)
import Glibc
#else
import Darwin
#endif
import Raft
import RaftSimulation

/// Runs simulation campaigns outside XCTest, in release, for long runs and exact replays:
///   raft-sim --seeds 100000            every seed from 1 to 100000
///   raft-sim --seed 1234 --trace       one seed, every event printed
///   raft-sim --seeds 5000 --progress   name each seed on stderr first (finds a crashing seed)
///   raft-sim --seeds 200 --mutation leader-reads-at-once   how often the checks catch a planted read bug
var firstSeed: UInt64 = 1
var count: UInt64 = 2000
var trace = false
/// Names each seed on stderr before it runs, to find the seed behind a crash.
var progress = false
var mutation: ReadMutation?
var arguments = CommandLine.arguments.dropFirst().makeIterator()
while let argument = arguments.next() {
    switch argument {
    case "--seed":
        guard let value = arguments.next().flatMap(UInt64.init) else { fatalError("--seed needs a number") }
        firstSeed = value
        count = 1
    case "--seeds":
        guard let value = arguments.next().flatMap(UInt64.init) else { fatalError("--seeds needs a number") }
        count = value
    case "--first":
        guard let value = arguments.next().flatMap(UInt64.init) else { fatalError("--first needs a number") }
        firstSeed = value
    case "--trace":
        trace = true
    case "--progress":
        progress = true
    case "--mutation":
        let names = ReadMutation.allCases.map(\.rawValue).joined(separator: ", ")
        guard let value = arguments.next().flatMap(ReadMutation.init) else { fatalError("--mutation needs one of: \(names)") }
        mutation = value
    default:
        print("usage: raft-sim [--seed N [--trace]] [--seeds COUNT] [--first N] [--progress] [--mutation NAME]")
        exit(128)
    }
}

var total = SimulationStats()
var failures = 0
for seed in firstSeed..<(firstSeed + count) {
    var options = SimulationOptions(seed: seed)
    options.trace = trace
    options.mutation = mutation
    if progress {
        var line = "seed \(seed)\n"
        line.withUTF8 { _ = write(2, $0.baseAddress, $0.count) }
    }
    switch Simulation(options: options).run() {
    case .success(let stats):
        total.add(stats)
    case .failure(let failure):
        failures += 1
        print("FAIL \(failure)\n  replay: \(options.replayCommand)")
    }
}
print("seeds \(firstSeed)..<\(firstSeed + count): elections \(total.elections), committed \(total.committedEntries), reads \(total.reads), crashes \(total.crashes), partitions \(total.partitions), conf changes \(total.confChanges), snapshots sent \(total.snapshotsSent), transfers \(total.transfers), read episodes \(total.readEpisodes)")
print("\(count - UInt64(failures)) passed, \(failures) failed")
exit(failures == 0 ? 0 : 1)
