/// The store's counters, committed with the data they describe.
public struct StoreState: Sendable, Equatable {
    /// etcd's initial revision: a new store is at revision 1 with no keys.
    static let initial = StoreState(revision: 1, compactRevision: 0, appliedIndex: 0)

    public var revision: Int64
    /// 0 until the first compaction.
    public var compactRevision: Int64
    /// The last Raft index applied.
    public var appliedIndex: UInt64
}

/// Reads and writes `StoreState` in the `meta` database.
struct StoreMeta {
    static let format: Int64 = 1
    private static let formatKey = Array("format".utf8)
    private static let revisionKey = Array("revision".utf8)
    private static let compactRevisionKey = Array("compactRevision".utf8)
    private static let appliedIndexKey = Array("appliedIndex".utf8)

    let txn: LMDBTransaction
    let tables: Tables

    /// nil for a store never written.
    func read() throws(MVCCError) -> StoreState? {
        guard let format = try txn.get(tables.meta, key: Self.formatKey) else { return nil }
        guard RecordEncoding.decodeInt64(format) == Self.format else {
            throw .corrupt("unknown store format \(format)")
        }
        return StoreState(
            revision: try integer(Self.revisionKey),
            compactRevision: try integer(Self.compactRevisionKey),
            appliedIndex: UInt64(bitPattern: try integer(Self.appliedIndexKey)))
    }

    func write(_ state: StoreState) throws(MVCCError) {
        precondition(state.revision >= 1 && state.compactRevision <= state.revision, "bad state \(state)")
        try txn.put(tables.meta, key: Self.formatKey, value: RecordEncoding.int64(Self.format))
        try txn.put(tables.meta, key: Self.revisionKey, value: RecordEncoding.int64(state.revision))
        try txn.put(tables.meta, key: Self.compactRevisionKey, value: RecordEncoding.int64(state.compactRevision))
        try txn.put(
            tables.meta, key: Self.appliedIndexKey,
            value: RecordEncoding.int64(Int64(bitPattern: state.appliedIndex)))
    }

    private func integer(_ key: [UInt8]) throws(MVCCError) -> Int64 {
        guard let bytes = try txn.get(tables.meta, key: key), let value = RecordEncoding.decodeInt64(bytes) else {
            throw .corrupt("meta \(String(decoding: key, as: UTF8.self)) missing")
        }
        return value
    }
}
