/// Entries and a snapshot that Raft holds but the application has not yet persisted.
struct UnstableLog {
    var snapshot: Snapshot?
    var entries: [Entry] = []
    /// The index of `entries[0]` (or where it would be).
    var offset: UInt64

    var firstIndex: UInt64? { snapshot.map { $0.metadata.index + 1 } }

    var lastIndex: UInt64? {
        if !entries.isEmpty { return offset + UInt64(entries.count) - 1 }
        return snapshot?.metadata.index
    }

    func term(at index: UInt64) -> UInt64? {
        if index < offset {
            guard let snapshot, snapshot.metadata.index == index else { return nil }
            return snapshot.metadata.term
        }
        guard let last = lastIndex, index <= last else { return nil }
        if entries.isEmpty { return snapshot?.metadata.index == index ? snapshot?.metadata.term : nil }
        return entries[Int(index - offset)].term
    }

    /// Marks entries up to `index` persisted, unless they were replaced since the `Ready`.
    mutating func stableTo(index: UInt64, term: UInt64) {
        guard let t = self.term(at: index), t == term, index >= offset else { return }
        entries.removeFirst(Int(index + 1 - offset))
        offset = index + 1
    }

    mutating func stableSnapshotTo(index: UInt64) {
        if snapshot?.metadata.index == index { snapshot = nil }
    }

    mutating func restore(_ snapshot: Snapshot) {
        offset = snapshot.metadata.index + 1
        entries = []
        self.snapshot = snapshot
    }

    mutating func truncateAndAppend(_ newEntries: [Entry]) {
        guard let after = newEntries.first?.index else { return }
        let end = offset + UInt64(entries.count)
        if after == end {
            entries.append(contentsOf: newEntries)
        } else if after <= offset {
            offset = after
            entries = newEntries
        } else {
            precondition(after < end, "unstable append leaves a gap: \(after) after \(end - 1)")
            entries.removeSubrange(Int(after - offset)...)
            entries.append(contentsOf: newEntries)
        }
    }

    func slice(_ low: UInt64, _ high: UInt64) -> ArraySlice<Entry> {
        precondition(offset <= low && low <= high && high <= offset + UInt64(entries.count),
                     "unstable slice [\(low), \(high)) out of [\(offset), \(offset + UInt64(entries.count)))")
        return entries[Int(low - offset)..<Int(high - offset)]
    }
}
