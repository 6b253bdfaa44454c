/// etcd's `key`/`range_end` pair as a set of keys.
struct KeyRange: Sendable, Equatable {
    enum End: Sendable, Equatable {
        /// `range_end` empty: the key alone.
        case single
        /// `range_end` is `"\0"`: every key >= start.
        case unbounded
        /// Every key in [start, end).
        case before([UInt8])
    }

    var start: [UInt8]
    var end: End

    init(key: [UInt8], rangeEnd: [UInt8]) {
        start = key
        end = switch rangeEnd {
        case []: .single
        case [0]: .unbounded
        default: .before(rangeEnd)
        }
    }

    func contains(_ key: [UInt8]) -> Bool {
        switch end {
        case .single: key == start
        case .unbounded: !key.lexicographicallyPrecedes(start)
        case .before(let limit): !key.lexicographicallyPrecedes(start) && key.lexicographicallyPrecedes(limit)
        }
    }

    /// Whether `key` lies past the range, so that an ascending scan can stop.
    func isPast(_ key: [UInt8]) -> Bool {
        switch end {
        case .single: start.lexicographicallyPrecedes(key)
        case .unbounded: false
        case .before(let limit): !key.lexicographicallyPrecedes(limit)
        }
    }
}
