/// How many operations of a violation's prefix a report shows: the end is what led to the dead end.
private let reportedPrefixTail = 10

extension CheckResult: CustomStringConvertible {
    /// The one-line summary.
    public var description: String { summary }

    /// One line: the verdict, the partitions it concerns, and the work done.
    public var summary: String {
        let work = "\(statistics.partitions) partitions, \(statistics.operations) operations"
            + " (dropped \(statistics.failed) failed and \(statistics.droppedUnknown) harmless unknown,"
            + " bounded \(statistics.boundedUnknown) unknown),"
            + " \(statistics.steps) search steps"
        let undecidedKeys = "undecided: \(keyList(undecided.map(\.key)))"
        switch verdict {
        case .linearizable: return "linearizable: \(work)"
        case .notLinearizable where undecided.isEmpty: return "NOT linearizable: \(keyList(violations.map(\.key))); \(work)"
        case .notLinearizable: return "NOT linearizable: \(keyList(violations.map(\.key))); \(undecidedKeys); \(work)"
        case .undecided: return "\(undecidedKeys); \(work)"
        }
    }

    /// The summary, then the evidence of every violation and the reason of every undecided partition.
    public var report: String {
        var lines = [summary]
        for violation in violations {
            lines.append("")
            lines += violation.reportLines
        }
        for partition in undecided {
            lines.append("")
            lines.append(partition.reportLine)
        }
        return lines.joined(separator: "\n")
    }

    private func keyList(_ keys: [M.PartitionKey]) -> String {
        keys.map { String(reflecting: $0) }.joined(separator: ", ")
    }
}

extension Violation {
    var reportLines: [String] {
        var lines = ["partition \(String(reflecting: key)) is not linearizable (\(operationCount) operations)"]
        let shown = longestPrefix.suffix(reportedPrefixTail)
        let elided = longestPrefix.count - shown.count
        lines.append("  longest linearization found: \(longestPrefix.count) operations"
            + (elided > 0 ? ", the last \(shown.count):" : ":"))
        lines += shown.map { "    " + $0.reportLine }
        lines.append("  state then: \(M.describe(state))")
        lines.append("  cannot take effect by \(deadline):")
        lines.append("    " + blocked.reportLine)
        lines.append("  other operations pending then (\(pending.count)):")
        lines += pending.map { "    " + $0.reportLine }
        return lines
    }
}

extension Undecided {
    var reportLine: String {
        let why = switch reason {
        case let .stepBudget(steps): "the search used its budget of \(steps) steps"
        case let .tooManyUnknown(count, limit): "\(count) operations of unknown outcome, more than the limit of \(limit)"
        }
        return "partition \(String(reflecting: key)) is undecided (\(operationCount) operations): \(why)"
    }
}

extension IndexedOperation {
    /// `#index client c: input -> output [call, return]`.
    var reportLine: String {
        let prefix = "#\(index) client \(operation.clientID): \(operation.input)"
        switch operation.outcome {
        case let .ok(output, returned): return "\(prefix) -> \(output) [\(operation.call), \(returned)]"
        case .unknown: return "\(prefix) -> unknown [\(operation.call), never)"
        case .failed: return "\(prefix) -> failed"
        }
    }
}
