/// Checks of a history that need no search: each finding is one line naming what broke.
public enum HistoryChecks {
    /// A serializable read may be stale, but never from the future: the value it returns was
    /// written by a put or compare-and-set called before the read returned.
    public static func serializableReads(_ history: [ClientOperation]) -> [String] {
        var firstCall: [String: UInt64] = [:]
        for operation in history {
            if case .failed = operation.outcome { continue }
            guard let value = writtenValue(operation.request) else { continue }
            firstCall[value] = min(firstCall[value] ?? .max, operation.call)
        }
        var findings: [String] = []
        for operation in history {
            guard case .read(let key, true) = operation.request,
                  case .ok(.read(let value?, _), let returned) = operation.outcome else { continue }
            if let written = firstCall[value], written <= returned { continue }
            findings.append("serializable read of \(key) by client \(operation.client) at \(returned) returned \(value), which no write called before then wrote")
        }
        return findings
    }

    /// Revisions agree: each acknowledged write has a revision of its own, and a read of its
    /// value reports that revision as the key's mod revision.
    public static func revisions(_ history: [ClientOperation]) -> [String] {
        var revisionOfValue: [String: Int64] = [:]
        var writerOfRevision: [Int64: String] = [:]
        var findings: [String] = []
        for operation in history {
            guard case .ok(let result, _) = operation.outcome, let value = writtenValue(operation.request) else { continue }
            let revision: Int64
            switch result {
            case .written(let at): revision = at
            case .compareAndSet(true, let at): revision = at
            default: continue
            }
            revisionOfValue[value] = revision
            if let other = writerOfRevision.updateValue(value, forKey: revision), other != value {
                findings.append("revision \(revision) acknowledged for two writes: \(other) and \(value)")
            }
        }
        for operation in history {
            guard case .ok(.read(let value?, let modRevision), _) = operation.outcome,
                  let written = revisionOfValue[value], written != modRevision else { continue }
            findings.append("a read of \(operation.key) returned \(value) at mod revision \(modRevision), acknowledged at revision \(written)")
        }
        return findings
    }

    /// The value a put or compare-and-set writes (a delete writes none).
    static func writtenValue(_ request: ClientOperation.Request) -> String? {
        switch request {
        case .put(_, let value), .compareAndSet(_, _, let value): value
        case .read, .delete: nil
        }
    }
}
