import Foundation
import Testing

/// The same etcdctl commands against a 3-member kvd cluster and a 3-member etcd 3.4 cluster
/// (Debian's etcd-server): the outputs must match apart from ids and terms.
extension Integration {
@Suite struct EtcdctlCompatibilityTests {
    /// Steps run in order on both clusters; each is an etcdctl command line and optional stdin.
    static let steps: [(arguments: [String], stdin: String?)] = [
        (["put", "a", "1"], nil),
        (["put", "b", "2"], nil),
        (["put", "c", "3"], nil),
        (["put", "a", "11"], nil),
        (["put", "dir/x", "x"], nil),
        (["put", "dir/y", "y"], nil),
        (["get", "a"], nil),
        (["get", "a", "-w", "json"], nil),
        (["get", "a", "-w", "fields"], nil),
        (["get", "", "--prefix"], nil),
        (["get", "a", "c"], nil),
        (["get", "", "--prefix", "--limit", "2"], nil),
        (["get", "", "--prefix", "--sort-by", "MODIFY", "--order", "DESCEND"], nil),
        (["get", "", "--prefix", "--sort-by", "VALUE", "--order", "ASCEND"], nil),
        (["get", "dir/", "--prefix", "--keys-only"], nil),
        (["get", "", "--prefix", "--count-only", "-w", "json"], nil),
        (["get", "a", "--rev", "2"], nil),
        (["get", "--from-key", "b"], nil),
        (["get", "missing"], nil),
        (["put", "a", "12", "--prev-kv"], nil),
        (["del", "b"], nil),
        (["del", "--prev-kv", "c"], nil),
        (["del", "--prefix", "dir/"], nil),
        (["del", "nothing-here"], nil),
        (["txn", "-w", "json"], "value(\"a\") = \"12\"\n\nput a 13\nget a\n\nput a never\n\n"),
        (["txn"], "mod(\"a\") > \"1000\"\n\nput a never\n\nget a\n\n"),
        (["compaction", "4"], nil),
        (["get", "a", "--rev", "2"], nil),
        (["get", "a", "--rev", "1000"], nil),
        (["compaction", "2"], nil),
        (["put", "", "empty-key"], nil),
        (["get", "a", "-w", "fields"], nil),
    ]

    @Test func etcdctlPrintsTheSameForKvdAsForEtcd() throws {
        let etcd = try ProcessCluster(.etcd, size: 3)
        defer { etcd.stop() }
        let kvd = try ProcessCluster(.kvd, size: 3)
        defer { kvd.stop() }
        for step in Self.steps {
            let expected = try Etcdctl.run(step.arguments, endpoints: etcd.endpoints, stdin: step.stdin)
            let actual = try Etcdctl.run(step.arguments, endpoints: kvd.endpoints, stdin: step.stdin)
            let command = "etcdctl " + step.arguments.joined(separator: " ")
            #expect(actual.status == expected.status, "\(command): exit \(actual.status), etcd \(expected.status)")
            #expect(Normalize.output(actual.stdout) == Normalize.output(expected.stdout),
                    "\(command) printed:\n\(actual.stdout)\netcd printed:\n\(expected.stdout)")
            #expect(Normalize.output(actual.stderr) == Normalize.output(expected.stderr),
                    "\(command) error:\n\(actual.stderr)\netcd error:\n\(expected.stderr)")
        }
    }
}
}

/// Masks what legitimately differs between two clusters: ids, terms and timings.
enum Normalize {
    static let patterns: [(String, String)] = [
        (#""(cluster_id|member_id|ID)":\s*\d+"#, "\"$1\":ID"),
        (#""raft_term":\s*\d+"#, "\"raft_term\":TERM"),
        (#""(ClusterID|MemberID)" : \d+"#, "\"$1\" : ID"),
        (#""RaftTerm" : \d+"#, "\"RaftTerm\" : TERM"),
        (#"\b[0-9a-f]{16}\b"#, "HEXID"),
        (#"\d+(\.\d+)?(ms|µs|s)\b"#, "DURATION"),
        (#"\{"level":.*\n"#, ""),
    ]

    static func output(_ text: String) -> String {
        patterns.reduce(text) { result, pattern in
            result.replacingOccurrences(of: pattern.0, with: pattern.1, options: .regularExpression)
        }
    }
}
