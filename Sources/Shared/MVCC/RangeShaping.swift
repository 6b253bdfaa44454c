/// The part of a range request applied after the keys are read: etcd's filters, sort and
/// limit, as its `applierV3backend.Range` does them. Pure, so the store and a model agree on it.
enum RangeShaping {
    /// Whether every key must be read before the limit can apply (etcd fetches everything then).
    /// As in etcd, an order of NONE with a target other than the key does not count: only the
    /// first limit + 1 keys are read, and those alone are sorted.
    static func needsAllKeys(_ request: RangeRequest) -> Bool {
        request.sortOrder != .none || request.minModRevision != 0 || request.maxModRevision != 0
            || request.minCreateRevision != 0 || request.maxCreateRevision != 0
    }

    /// `kvs` in key order -> the response's kvs and `more`.
    static func shape(_ kvs: [KeyValue], for request: RangeRequest) -> (kvs: [KeyValue], more: Bool) {
        var result = kvs.filter { passesFilters($0, request) }
        if let order = effectiveOrder(request) {
            result = sorted(result, by: request.sortTarget, descending: order == .descend)
        }
        var more = false
        if request.limit > 0 && result.count > request.limit {
            result.removeSubrange(Int(request.limit)...)
            more = true
        }
        if request.keysOnly {
            for index in result.indices { result[index].value = [] }
        }
        return (result, more)
    }

    private static func passesFilters(_ kv: KeyValue, _ request: RangeRequest) -> Bool {
        (request.maxModRevision == 0 || kv.modRevision <= request.maxModRevision)
            && (request.minModRevision == 0 || kv.modRevision >= request.minModRevision)
            && (request.maxCreateRevision == 0 || kv.createRevision <= request.maxCreateRevision)
            && (request.minCreateRevision == 0 || kv.createRevision >= request.minCreateRevision)
    }

    /// etcd sorts ascending by default when the target is not the key, and never re-sorts
    /// an ascending key sort (the keys come in that order). nil: keep key order.
    private static func effectiveOrder(_ request: RangeRequest) -> RangeRequest.SortOrder? {
        switch (request.sortOrder, request.sortTarget) {
        case (.none, .key), (.ascend, .key): nil
        case (.none, _): .ascend
        case (let order, _): order
        }
    }

    /// Stable in both directions: keys that tie on the target stay in key order.
    private static func sorted(
        _ kvs: [KeyValue], by target: RangeRequest.SortTarget, descending: Bool
    ) -> [KeyValue] {
        kvs.enumerated().sorted { lhs, rhs in
            let order = compare(lhs.element, rhs.element, by: target)
            if order == 0 { return lhs.offset < rhs.offset }
            return descending ? order > 0 : order < 0
        }.map(\.element)
    }

    private static func compare(_ lhs: KeyValue, _ rhs: KeyValue, by target: RangeRequest.SortTarget) -> Int {
        switch target {
        case .key: compareBytes(lhs.key, rhs.key)
        case .version: compareInts(lhs.version, rhs.version)
        case .create: compareInts(lhs.createRevision, rhs.createRevision)
        case .mod: compareInts(lhs.modRevision, rhs.modRevision)
        case .value: compareBytes(lhs.value, rhs.value)
        }
    }
}

func compareInts(_ lhs: Int64, _ rhs: Int64) -> Int {
    lhs < rhs ? -1 : (lhs == rhs ? 0 : 1)
}

/// Go's `bytes.Compare`: lexicographic by unsigned byte, a prefix first.
func compareBytes(_ lhs: [UInt8], _ rhs: [UInt8]) -> Int {
    if lhs == rhs { return 0 }
    return lhs.lexicographicallyPrecedes(rhs) ? -1 : 1
}
