import API
import Foundation

/// etcdctl's `-w fields`: one `"Name" : value` line per field, strings quoted as Go's %q.
struct FieldLines {
    private(set) var buffer = OutputBuffer()

    mutating func add(_ name: String, _ value: String) { buffer.line("\"\(name)\" : \(value)") }
    mutating func add(_ name: String, _ value: some BinaryInteger) { add(name, String(value)) }
    mutating func add(_ name: String, _ value: Bool) { add(name, value ? "true" : "false") }
    mutating func add(_ name: String, quoting value: Data) { add(name, GoText.quote(value)) }
    mutating func add(_ name: String, quoting value: String) { add(name, GoText.quote(Array(value.utf8))) }
    mutating func blankLine() { buffer.line() }

    mutating func header(_ header: Etcdserverpb_ResponseHeader) {
        add("ClusterID", header.clusterID)
        add("MemberID", header.memberID)
        add("Revision", header.revision)
        add("RaftTerm", header.raftTerm)
    }

    /// A key-value's fields; `prefix` is "Prev" for a previous key-value.
    mutating func keyValue(_ kv: Mvccpb_KeyValue, prefix: String = "") {
        add(prefix + "Key", quoting: kv.key)
        add(prefix + "CreateRevision", kv.createRevision)
        add(prefix + "ModRevision", kv.modRevision)
        add(prefix + "Version", kv.version)
        add(prefix + "Value", quoting: kv.value)
        add(prefix + "Lease", kv.lease)
    }
}
