/// The keys one watcher follows, from a create request's `key`/`range_end` normalised as
/// etcd's watch server does: an empty key is "\0" (the smallest key), `range_end` "\0"
/// means every key from `key` on, and a non-empty `range_end` not above `key` is refused.
struct WatchRange: Sendable, Equatable {
    /// As the store's `events(fromRevision:key:rangeEnd:)` takes them.
    let key: [UInt8]
    let rangeEnd: [UInt8]

    /// nil when the range holds no key (etcd's "mvcc: watcher range is empty").
    init?(key: [UInt8], rangeEnd: [UInt8]) {
        let key = key.isEmpty ? [0] : key
        if !rangeEnd.isEmpty && rangeEnd != [0] && !key.lexicographicallyPrecedes(rangeEnd) { return nil }
        self.key = key
        self.rangeEnd = rangeEnd
    }

    func contains(_ candidate: [UInt8]) -> Bool {
        switch rangeEnd {
        case []: candidate == key
        case [0]: !candidate.lexicographicallyPrecedes(key)
        default: !candidate.lexicographicallyPrecedes(key) && candidate.lexicographicallyPrecedes(rangeEnd)
        }
    }
}
