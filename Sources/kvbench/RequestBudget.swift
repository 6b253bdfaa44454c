import Synchronization

/// The requests runners share: numbers handed out once each, until `total` are taken or the
/// time limit has passed since the start.
final class RequestBudget: Sendable {
    let total: Int
    let timeLimit: Duration
    private let next = Atomic<Int>(0)

    init(total: Int, timeLimit: Duration) {
        precondition(total >= 1 && timeLimit > .zero, "a budget allows at least one request and some time")
        self.total = total
        self.timeLimit = timeLimit
    }

    /// The next request's number, or nil when the run that started at `start` is over.
    func claim(startedAt start: ContinuousClock.Instant) -> Int? {
        guard ContinuousClock.now < start + timeLimit, !Task.isCancelled else { return nil }
        let index = next.wrappingAdd(1, ordering: .relaxed).oldValue
        return index < total ? index : nil
    }
}
