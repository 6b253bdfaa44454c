/// A client request against one key of kvd. Values are `String`: the harness writes unique UTF-8
/// strings, and strings make reports readable. `nil` as a value means "the key is absent".
public enum KVInput: Hashable, Sendable {
    case read(key: String)
    case write(key: String, value: String)
    case delete(key: String)
    /// An etcd Txn that puts `new` if the key's value equals `expected` (`nil`: the key is absent).
    case cas(key: String, expected: String?, new: String)

    public var key: String {
        switch self {
        case let .read(key), let .write(key, _), let .delete(key), let .cas(key, _, _): key
        }
    }
}

/// What kvd answered.
public enum KVOutput: Hashable, Sendable {
    /// The value read; `nil` when the key was absent.
    case read(String?)
    /// A write or delete was applied.
    case ok
    /// Whether the compare of a CAS held (and so its put was applied).
    case cas(succeeded: Bool)
}

/// A recorded operation against kvd.
public typealias HistoryOperation = RecordedOperation<KVInput, KVOutput>

/// What a client learned about an operation against kvd.
public typealias KVOutcome = Outcome<KVOutput>

extension KVInput: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .read(key): "read(\(key))"
        case let .write(key, value): "write(\(key), \(quoted(value)))"
        case let .delete(key): "delete(\(key))"
        case let .cas(key, expected, new): "cas(\(key), \(quoted(expected)) -> \(quoted(new)))"
        }
    }
}

extension KVOutput: CustomStringConvertible {
    public var description: String {
        switch self {
        case let .read(value): quoted(value)
        case .ok: "ok"
        case let .cas(succeeded): succeeded ? "succeeded" : "failed"
        }
    }
}

/// A value as reports show it: quoted, or `absent`.
func quoted(_ value: String?) -> String {
    value.map { "\"\($0)\"" } ?? "absent"
}
