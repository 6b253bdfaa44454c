/// Majority arithmetic as pure functions, so the rules are visible in one place.
enum Quorum {
    static func size(_ voters: Int) -> Int { voters / 2 + 1 }

    /// The largest value that a majority of voters has reached: with `values` sorted
    /// descending, the one at position quorum-1.
    static func committedValue(_ values: [UInt64]) -> UInt64 {
        precondition(!values.isEmpty, "no voters")
        let sorted = values.sorted(by: >)
        return sorted[size(values.count) - 1]
    }

    enum VoteResult { case pending, lost, won }

    static func voteResult(voters: [NodeID], votes: [NodeID: Bool]) -> VoteResult {
        var granted = 0
        var rejected = 0
        for voter in voters {
            switch votes[voter] {
            case true?: granted += 1
            case false?: rejected += 1
            case nil: break
            }
        }
        let quorum = size(voters.count)
        if granted >= quorum { return .won }
        if rejected > voters.count - quorum { return .lost }
        return .pending
    }
}
