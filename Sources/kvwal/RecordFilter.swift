import WAL

/// Which records `dump` shows. `--kind` keeps the records any of the named kinds selects (all
/// when none is named); `--from` and `--to` bound entries by index, inclusive, and leave the
/// other kinds of record to `--kind`.
struct RecordFilter {
    var kinds: [RecordKind] = []
    var fromIndex: UInt64?
    var toIndex: UInt64?

    func selects(_ record: WALRecord) -> Bool {
        guard kinds.isEmpty || kinds.contains(where: { $0.selects(record) }) else { return false }
        guard case .entry(let entry) = record else { return true }
        return entry.index >= fromIndex ?? 0 && entry.index <= toIndex ?? .max
    }
}
