/// Member, cluster and lease ids in lowercase hex without a prefix, as etcd and etcdctl print
/// them; a JSON number would lose digits in `jq`, which reads numbers as doubles.
enum IDText {
    static func hex(_ id: UInt64) -> String { String(id, radix: 16) }

    /// Lease ids are signed in the API; their bits are what etcdctl prints.
    static func hex(_ id: Int64) -> String { hex(UInt64(bitPattern: id)) }
}
