extension Compare {
    /// etcd's `applyCompare`: every key in the range must satisfy the compare. An empty range
    /// compares as one missing key (version, create, mod and lease 0), except that a value
    /// compare on it is false: a missing value cannot be told from an empty one.
    func holds(over kvs: [KeyValue]) -> Bool {
        guard !kvs.isEmpty else {
            if case .value = target { return false }
            return holds(for: KeyValue(key: key, createRevision: 0, modRevision: 0, version: 0, value: []))
        }
        return kvs.allSatisfy(holds(for:))
    }

    private func holds(for kv: KeyValue) -> Bool {
        let order = switch target {
        case .version(let version): compareInts(kv.version, version)
        case .create(let revision): compareInts(kv.createRevision, revision)
        case .mod(let revision): compareInts(kv.modRevision, revision)
        case .value(let value): compareBytes(kv.value, value)
        case .lease(let lease): compareInts(kv.lease, lease)
        }
        return switch result {
        case .equal: order == 0
        case .notEqual: order != 0
        case .greater: order > 0
        case .less: order < 0
        }
    }
}
