import Synchronization

/// Holds every runner back until all have connected (and done their setup), so that
/// connection set-up is not measured and the clients start together. One runner that fails
/// before it is ready releases the others with no start.
final class StartLine: Sendable {
    private enum Outcome {
        case started(ContinuousClock.Instant)
        case abandoned
    }

    private struct State {
        var arrived = 0
        var waiting: [CheckedContinuation<ContinuousClock.Instant?, Never>] = []
        var outcome: Outcome?
    }

    let runners: Int
    private let state = Mutex(State())

    init(runners: Int) {
        precondition(runners >= 1, "a start line waits for at least one runner")
        self.runners = runners
    }

    /// Waits until every runner is ready: the start instant, the same for all; nil if one
    /// runner gave up.
    func ready() async -> ContinuousClock.Instant? {
        await withCheckedContinuation { continuation in
            let release: (waiting: [CheckedContinuation<ContinuousClock.Instant?, Never>], start: ContinuousClock.Instant?)? =
                state.withLock { state in
                    switch state.outcome {
                    case let .started(start)?: return ([continuation], start)
                    case .abandoned?: return ([continuation], nil)
                    case nil: break
                    }
                    state.arrived += 1
                    precondition(state.arrived <= runners, "more runners than the start line was made for")
                    state.waiting.append(continuation)
                    guard state.arrived == runners else { return nil }
                    let start = ContinuousClock.now
                    state.outcome = .started(start)
                    defer { state.waiting = [] }
                    return (state.waiting, start)
                }
            if let release { for waiter in release.waiting { waiter.resume(returning: release.start) } }
        }
    }

    /// A runner failed before it was ready: the others go home.
    func giveUp() {
        let waiting = state.withLock { state -> [CheckedContinuation<ContinuousClock.Instant?, Never>] in
            guard state.outcome == nil else { return [] }
            state.outcome = .abandoned
            defer { state.waiting = [] }
            return state.waiting
        }
        for waiter in waiting { waiter.resume(returning: nil) }
    }

    /// When the runners started; nil if they never did.
    var start: ContinuousClock.Instant? {
        state.withLock { state in
            if case let .started(start)? = state.outcome { return start }
            return nil
        }
    }
}
