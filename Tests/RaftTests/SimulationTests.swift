import Testing
import RaftSimulation

/// The seeded cluster simulation, a slice of the campaign that `scripts/test` runs in full
/// with `raft-sim` (a release build). Replay a failing seed with `swift run -c release
/// raft-sim --seed N --trace`.
@Suite struct SimulationTests {
    @Test(arguments: 0..<8)
    func seedsPassEverySafetyCheckAndStayLive(chunk: Int) {
        let perChunk: UInt64 = 25
        for seed in (UInt64(chunk) * perChunk + 1)...(UInt64(chunk + 1) * perChunk) {
            if case .failure(let failure) = Simulation(options: SimulationOptions(seed: seed)).run() {
                Issue.record("\(failure)\n  replay: \(SimulationOptions(seed: seed).replayCommand)")
            }
        }
    }

    @Test func aSeedReplaysExactly() {
        let first = Simulation(options: SimulationOptions(seed: 4242)).run()
        let second = Simulation(options: SimulationOptions(seed: 4242)).run()
        guard case .success(let a) = first, case .success(let b) = second else {
            Issue.record("seed 4242 failed")
            return
        }
        #expect(a.committedEntries == b.committedEntries)
        #expect(a.elections == b.elections)
        #expect(a.reads == b.reads)
    }

    @Test func theFaultsActuallyHappen() {
        var total = SimulationStats()
        for seed: UInt64 in 1...40 {
            if case .success(let stats) = Simulation(options: SimulationOptions(seed: seed)).run() { total.add(stats) }
        }
        #expect(total.crashes > 0)
        #expect(total.partitions > 0)
        #expect(total.confChanges > 0)
        #expect(total.snapshotsSent > 0)
        #expect(total.transfers > 0)
        #expect(total.reads > 0)
        #expect(total.readEpisodes > 0)
        #expect(total.committedEntries > 1_000)
    }
}
