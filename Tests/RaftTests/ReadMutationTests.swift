import Testing
import RaftSimulation

/// Proves the read-safety checks and the episodes that feed them against planted bugs: a
/// short campaign with a broken read path must mostly fail on read safety. The same seeds
/// pass unmutated in `SimulationTests`.
@Suite struct ReadMutationTests {
    /// Seeds 1 to 30 are deterministic: measured 19 (leader) and 25 (follower) caught, against
    /// about 2 and 10 without the episodes. A fifth of the seeds start with one member, where a
    /// leader answering at once is correct. Thirty seeds, not more: these run in debug on the
    /// two threads every other test shares.
    @Test(arguments: [(ReadMutation.leaderAnswersAtOnce, 15), (.followerServesBelowReadIndex, 18)])
    func aShortCampaignCatchesTheBrokenReadPath(_ mutation: ReadMutation, atLeast: Int) {
        let seeds: ClosedRange<UInt64> = 1...30
        var caught = 0
        for seed in seeds {
            var options = SimulationOptions(seed: seed)
            options.mutation = mutation
            if case .failure(let failure) = Simulation(options: options).run(), failure.message.hasPrefix("read safety") {
                caught += 1
            }
        }
        #expect(caught >= atLeast, "\(mutation.rawValue): \(caught) of \(seeds.count) seeds caught")
    }
}
