/// One event of a watch on the campaign's keys, as a watcher or a reference read saw it.
public struct WatchedEvent: Sendable, Equatable, CustomStringConvertible {
    public var revision: Int64
    public var isDelete: Bool
    public var key: String
    /// The value put; nil for a delete.
    public var value: String?
    /// The key's value before the event (prev_kv), nil when it had none.
    public var previousValue: String?

    public init(revision: Int64, isDelete: Bool, key: String, value: String?, previousValue: String?) {
        self.revision = revision
        self.isDelete = isDelete
        self.key = key
        self.value = value
        self.previousValue = previousValue
    }

    public var description: String {
        "\(revision) \(isDelete ? "DELETE" : "PUT") \(key)=\(value ?? "-") prev=\(previousValue ?? "-")"
    }
}
