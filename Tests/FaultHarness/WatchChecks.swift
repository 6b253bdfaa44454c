/// Checks of what watches delivered against the store's history.
public enum WatchChecks {
    /// The members' histories are one history: a member that differs has diverged.
    public static func membersAgree(_ histories: [String: [WatchedEvent]]) -> [String] {
        guard let (firstName, first) = histories.min(by: { $0.key < $1.key }) else { return [] }
        return histories.sorted(by: { $0.key < $1.key }).compactMap { name, events -> String? in
            guard events != first else { return nil }
            return "\(name)'s history differs from \(firstName)'s: \(difference(events, first))"
        }
    }

    /// One history is consistent in itself: revisions rise, and each event's prev_kv is the
    /// key's value after the event before it.
    public static func selfConsistent(_ history: [WatchedEvent]) -> [String] {
        var findings: [String] = []
        var current: [String: String] = [:]
        var last: Int64 = 0
        for event in history {
            if event.revision <= last { findings.append("revision \(event.revision) after \(last)") }
            last = event.revision
            if event.previousValue != current[event.key] {
                findings.append("event \(event) has prev_kv \(event.previousValue ?? "-"), but the key held \(current[event.key] ?? "-")")
            }
            current[event.key] = event.value
        }
        return findings
    }

    /// A watch from `start` that reached `through` received exactly the history's events in
    /// that span: in order, none twice, none missing, with the same prev_kv.
    public static func watcher(_ name: String, received: [WatchedEvent], start: Int64, through: Int64,
                               history: [WatchedEvent]) -> [String] {
        let expected = history.filter { $0.revision >= start && $0.revision <= through }
        let got = received.filter { $0.revision <= through }
        guard got != expected else { return [] }
        return ["\(name) (from revision \(start)) received \(got.count) events where the history has \(expected.count): \(difference(got, expected))"]
    }

    /// Where two event lists first part, in words.
    static func difference(_ got: [WatchedEvent], _ expected: [WatchedEvent]) -> String {
        let at = zip(got, expected).enumerated().first { $0.element.0 != $0.element.1 }?.offset ?? min(got.count, expected.count)
        return "first difference at event \(at): \(at < got.count ? got[at].description : "none") where \(at < expected.count ? expected[at].description : "none") was expected"
    }

    /// Every acknowledged write is in the history at its revision, and every value in the
    /// history was written by an operation that did not certainly fail.
    public static func historyHoldsTheWrites(_ history: [WatchedEvent], operations: [ClientOperation]) -> [String] {
        var findings: [String] = []
        let byRevision = Dictionary(history.map { ($0.revision, $0) }, uniquingKeysWith: { first, _ in first })
        var attempted: Set<String> = []
        for operation in operations {
            if case .failed = operation.outcome { continue }
            guard let value = HistoryChecks.writtenValue(operation.request) else { continue }
            attempted.insert(value)
            let revision: Int64
            switch operation.outcome {
            case .ok(.written(let at), _), .ok(.compareAndSet(true, let at), _): revision = at
            default: continue
            }
            let event = byRevision[revision]
            if event?.key != operation.key || event?.value != value {
                findings.append("acknowledged write \(operation.key)=\(value) at revision \(revision) is not in the history (it has \(event?.description ?? "nothing"))")
            }
        }
        for event in history where !event.isDelete && !attempted.contains(event.value ?? "") {
            findings.append("the history holds \(event), a value no operation wrote")
        }
        return findings
    }
}
