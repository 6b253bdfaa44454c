/// Where the search of a violating partition got deepest: the evidence a report shows.
struct DeadEnd<State> {
    /// Positions of the operations linearized there, in order.
    let prefix: [Int]
    /// The state after `prefix`.
    let state: State
    /// The mandatory operation whose deadline was reached with nothing left that could precede it.
    let blocked: Int
}

enum SearchResult<State> {
    case linearizable(steps: Int)
    case violation(DeadEnd<State>, steps: Int)
    case undecided(steps: Int)
}

/// Wing & Gong's search for a linearization of one partition, with Lowe's memoization.
///
/// Walking the event list from its head, any call met before the first return may take effect
/// next: it is linearized if the model accepts its output, and the walk restarts. Meeting the
/// return of an operation that is not linearized means the choices so far cannot work, so the last
/// one is taken back. Each walk tries mandatory operations first and optional ones (unknown,
/// without a deadline) in a second pass, so that the first visit of a configuration tends to have
/// used the fewest optional operations and dominates the later ones.
///
/// The memo prunes a configuration (linearized operations, state) when one visited before
/// dominates it: same mandatory operations, same state, and an `OptionalUsage` that dominates.
/// Equal configurations are the special case of Lowe's memo; without dominance every combination
/// of pending optional operations would look new.
struct PartitionSearch<M: Model> {
    private let model: M
    private let operations: [SearchOperation<M.Input, M.Output>]
    /// Each mandatory operation's position in `mandatory`, each optional one's class in `usage`.
    private let slot: [Int]
    private var events: EventList
    private var state: M.State
    private var mandatory: Bitset
    private var usage: OptionalUsage
    /// For each visited pair of mandatory set and state, the usages visited with it that no other
    /// of them dominates.
    private var visited: [Configuration: [OptionalUsage]] = [:]
    private var stack: [Frame] = []
    private var deepest: DeadEnd<M.State>?

    private struct Configuration: Hashable {
        let mandatory: Bitset
        let state: M.State
    }

    /// A linearized call and what taking it back restores.
    private struct Frame {
        let call: Int
        let stateBefore: M.State
        /// The next of the call's possible successor states to try after taking it back.
        let nextChoice: Int
    }

    /// `operations` must all belong to one partition.
    init(model: M, operations: [SearchOperation<M.Input, M.Output>]) {
        self.model = model
        self.operations = operations
        var mandatoryCount = 0
        var classOf: [M.Input: Int] = [:]
        slot = operations.map { operation in
            if operation.deadline == nil {
                let kind = classOf[operation.input] ?? classOf.count
                classOf[operation.input] = kind
                return kind
            }
            defer { mandatoryCount += 1 }
            return mandatoryCount
        }
        events = EventList(calls: operations.map(\.call), returns: operations.map(\.deadline))
        state = model.initialState
        mandatory = Bitset(count: mandatoryCount)
        usage = OptionalUsage(classes: classOf.count)
    }

    mutating func run(maxSteps: Int) -> SearchResult<M.State> {
        precondition(maxSteps > 0, "a search needs at least one step")
        var node = events.first
        var optionalPass = false
        for step in 1...maxSteps {
            if node == EventList.end || (!events.isCall(node) && isOptional(events.operation(node))) {
                precondition(stack.count <= operations.count, "more linearized than there are operations")
                return .linearizable(steps: step)
            }
            if events.isCall(node) {
                let linearized = isOptional(events.operation(node)) == optionalPass && linearize(call: node, fromChoice: 0)
                (node, optionalPass) = linearized ? (events.first, false) : (events.next(after: node), optionalPass)
                continue
            }
            if !optionalPass {
                (node, optionalPass) = (events.first, true)
                continue
            }
            noteDeadEnd(blocked: events.operation(node))
            guard let frame = stack.popLast() else {
                guard let deepest else { preconditionFailure("a violation without a dead end") }
                return .violation(deepest, steps: step)
            }
            let operation = events.operation(frame.call)
            unmark(operation)
            events.unlift(call: frame.call)
            state = frame.stateBefore
            let linearized = linearize(call: frame.call, fromChoice: frame.nextChoice)
            (node, optionalPass) = linearized ? (events.first, false) : (events.next(after: frame.call), isOptional(operation))
        }
        return .undecided(steps: maxSteps)
    }

    /// Tries the call's possible successor states from `fromChoice` on, and takes the first one
    /// that leads to a configuration no visited one dominates.
    private mutating func linearize(call node: Int, fromChoice first: Int) -> Bool {
        let operation = events.operation(node)
        let choices = successors(of: operations[operation])
        guard first < choices.count else { return false }
        mark(operation)
        for choice in first..<choices.count where visit(choices[choice]) {
            stack.append(Frame(call: node, stateBefore: state, nextChoice: choice + 1))
            state = choices[choice]
            events.lift(call: node)
            return true
        }
        unmark(operation)
        return false
    }

    /// Records the current sets with `state`, unless a visited configuration dominates them.
    private mutating func visit(_ state: M.State) -> Bool {
        let key = Configuration(mandatory: mandatory, state: state)
        var usages = visited[key] ?? []
        if usages.contains(where: { $0.dominates(usage) }) { return false }
        usages.removeAll { usage.dominates($0) }
        usages.append(usage)
        visited[key] = usages
        return true
    }

    private func successors(of operation: SearchOperation<M.Input, M.Output>) -> [M.State] {
        guard let output = operation.output else { return model.successors(state, operation.input) }
        return model.step(state, operation.input, output).map { [$0] } ?? []
    }

    private func isOptional(_ operation: Int) -> Bool { operations[operation].deadline == nil }

    private mutating func mark(_ operation: Int) {
        if isOptional(operation) { usage.use(slot[operation]) } else { mandatory.insert(slot[operation]) }
    }

    private mutating func unmark(_ operation: Int) {
        if isOptional(operation) { usage.release(slot[operation]) } else { mandatory.remove(slot[operation]) }
    }

    private mutating func noteDeadEnd(blocked: Int) {
        if let deepest, deepest.prefix.count >= stack.count { return }
        deepest = DeadEnd(prefix: stack.map { events.operation($0.call) }, state: state, blocked: blocked)
    }
}
