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
        (["member", "list"], nil),
        (["member", "list", "-w", "table"], nil),
        (["endpoint", "health", "--cluster"], nil),
        (["lease", "grant", "60"], nil),
        (["put", "leased", "v", "--lease", "$LEASE"], nil),
        (["lease", "timetolive", "$LEASE", "--keys"], nil),
        (["lease", "keep-alive", "--once", "$LEASE"], nil),
        (["lease", "list"], nil),
        (["lease", "revoke", "$LEASE"], nil),
        (["get", "leased"], nil),
        (["lease", "timetolive", "$LEASE"], nil),
        (["lease", "revoke", "$LEASE"], nil),
    ]

    /// A key attached to a lease goes when the lease expires (the leader revokes it through
    /// the log), and etcdctl says the same of the expired lease for kvd as for etcd.
    @Test func keysGoWhenTheirLeaseExpires() throws {
        var outputs: [[String]] = []
        for server in [ProcessCluster.Server.etcd, .kvd] {
            let cluster = try ProcessCluster(server, size: 3)
            defer { cluster.stop() }
            let grant = try Etcdctl.run(["lease", "grant", "3"], endpoints: cluster.endpoints)
            let lease = try #require(grant.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/)?.1, "\(server): \(grant)")
            #expect(try Etcdctl.run(["put", "leased", "v", "--lease", String(lease)], endpoints: cluster.endpoints).status == 0)
            let attached = try Etcdctl.run(["lease", "timetolive", String(lease), "--keys"], endpoints: cluster.endpoints)
            #expect(try Etcdctl.run(["get", "leased", "--print-value-only"], endpoints: cluster.endpoints).stdout == "v\n")
            var remaining = "v\n"
            for _ in 0..<80 where !remaining.isEmpty {
                Thread.sleep(forTimeInterval: 0.25)
                remaining = try Etcdctl.run(["get", "leased", "--print-value-only"], endpoints: cluster.endpoints).stdout
            }
            #expect(remaining.isEmpty, "\(server): the key outlived its lease\n\(cluster.logs())")
            let expired = try Etcdctl.run(["lease", "timetolive", String(lease), "--keys"], endpoints: cluster.endpoints)
            let list = try Etcdctl.run(["lease", "list"], endpoints: cluster.endpoints)
            outputs.append([attached.stdout, expired.stdout, list.stdout].map { Normalize.output($0) })
        }
        #expect(outputs.count == 2 && outputs[1] == outputs[0], "kvd: \(outputs.last ?? [])\netcd: \(outputs.first ?? [])")
        #expect(outputs.first?[1].contains("already expired") == true, "\(outputs)")
    }

    /// A request over `--max-request-bytes` is refused as "request is too large", one past
    /// gRPC's limit (512 KiB more) as etcd's transport refuses it.
    @Test func oversizedRequestsAreRefusedAsByEtcd() throws {
        var outputs: [[String]] = []
        for server in [ProcessCluster.Server.etcd, .kvd] {
            let cluster = try ProcessCluster(server, size: 1)
            defer { cluster.stop() }
            // etcdctl refuses to send past 2 MiB itself; kvctl sends, so the server's limit is met.
            outputs.append(try [1_800_000, 3_000_000].map { size in
                let put = try Etcdctl.run(["put", "big"], endpoints: cluster.endpoints, stdin: String(repeating: "x", count: size))
                return "\(put.status) \(Normalize.output(put.stderr))"
            } + [try Kvctl.run(["put", "big"], endpoints: cluster.endpoints, stdin: String(repeating: "x", count: 3_000_000))].map {
                "\($0.status) \(Normalize.output($0.stderr))"
            })
        }
        #expect(outputs.count == 2 && outputs[1] == outputs[0], "kvd: \(outputs.last ?? [])\netcd: \(outputs.first ?? [])")
        #expect(outputs.first?.first?.hasSuffix("Error: etcdserver: request is too large\n") == true, "\(outputs)")
        #expect(outputs.first?[1].contains("ResourceExhausted") == true, "\(outputs)")
    }

    /// Commands whose lines come in an order that depends on member ids, which differ.
    static let unordered: Set<[String]> = [["member", "list"], ["member", "list", "-w", "table"],
                                           ["endpoint", "health", "--cluster"]]

    @Test func etcdctlPrintsTheSameForKvdAsForEtcd() throws {
        let etcd = try ProcessCluster(.etcd, size: 3)
        defer { etcd.stop() }
        let kvd = try ProcessCluster(.kvd, size: 3)
        defer { kvd.stop() }
        // Lease ids differ between the clusters: each cluster's own fills `$LEASE`.
        var leases = (etcd: "", kvd: "")
        for step in Self.steps {
            let expected = try Etcdctl.run(step.arguments.map { $0 == "$LEASE" ? leases.etcd : $0 },
                                           endpoints: etcd.endpoints, stdin: step.stdin)
            let actual = try Etcdctl.run(step.arguments.map { $0 == "$LEASE" ? leases.kvd : $0 },
                                         endpoints: kvd.endpoints, stdin: step.stdin)
            if let id = expected.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/) { leases.etcd = String(id.1) }
            if let id = actual.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/) { leases.kvd = String(id.1) }
            let command = "etcdctl " + step.arguments.joined(separator: " ")
            let sorted = Self.unordered.contains(step.arguments)
            #expect(actual.status == expected.status, "\(command): exit \(actual.status), etcd \(expected.status)")
            #expect(Normalize.output(actual.stdout, sortingLines: sorted) == Normalize.output(expected.stdout, sortingLines: sorted),
                    "\(command) printed:\n\(actual.stdout)\netcd printed:\n\(expected.stdout)")
            #expect(Normalize.output(actual.stderr) == Normalize.output(expected.stderr),
                    "\(command) error:\n\(actual.stderr)\netcd error:\n\(expected.stderr)")
        }
    }
}
}

extension Integration {
    /// The maintenance commands whose answers depend on the member: endpoint status, snapshot
    /// save and move-leader print the same for kvd as for etcd, apart from ids, sizes, Raft
    /// indexes (kvd's store is LMDB, not bbolt, and its log holds other bookkeeping entries)
    /// and the version (kvd says 3.4.0+kvd.<its version>, which clients read as 3.4).
    @Suite struct MaintenanceCompatibilityTests {
        static let maintenancePatterns: [(String, String)] = [
            (#"\b\d+(\.\d+)? (B|kB|MB)\b"#, "SIZE"),
            (#"\b3\.4\.\d+(\+kvd[^ ,|]*)?"#, "VERSION"),
            (#"(\| +\d+ +)\| +\d+ +\| +\d+ +\|"#, "$1| INDEX | INDEX |"),
            (#"(true|false), (\d+), \d+, \d+, "#, "$1, $2, INDEX, INDEX, "),
            (#"(raft_index|raftAppliedIndex|raft_applied_index|dbSize|dbSizeInUse|revision)":\d+"#, "$1\":N"),
            (#"/tmp/[^ \n]+\.db"#, "FILE"),
        ]

        @Test func statusSnapshotAndMoveLeaderPrintAsEtcd() throws {
            let etcd = try ProcessCluster(.etcd, size: 3)
            defer { etcd.stop() }
            let kvd = try ProcessCluster(.kvd, size: 3)
            defer { kvd.stop() }
            let outputs = try [etcd, kvd].map { try maintenanceSession($0) }
            for (expected, actual) in zip(outputs[0], outputs[1]) {
                #expect(actual.status == expected.status, "\(actual.command): exit \(actual.status), etcd \(expected.status)")
                #expect(actual.stdout == expected.stdout, "\(actual.command) printed:\n\(actual.stdout)\netcd printed:\n\(expected.stdout)")
                #expect(actual.stderr == expected.stderr, "\(actual.command) error:\n\(actual.stderr)\netcd error:\n\(expected.stderr)")
            }
        }

        private struct Step {
            var command: String
            var status: Int32
            var stdout: String
            var stderr: String
        }

        private func maintenanceSession(_ cluster: ProcessCluster) throws -> [Step] {
            let snapshot = cluster.root.appendingPathComponent("snapshot.db").path
            _ = try Etcdctl.run(["put", "k", "v"], endpoints: cluster.endpoints)
            let statusJSON = try Etcdctl.run(["endpoint", "status", "--cluster", "-w", "json"], endpoints: cluster.members[0].clientURL)
            let leader = try #require(statusJSON.stdout.firstMatch(of: /"leader":(\d+)/)).1
            let follower = try #require(statusJSON.stdout.matches(of: /"member_id":(\d+)/).map { String($0.1) }.first { $0 != leader })
            let followerHex = String(UInt64(follower)!, radix: 16)
            let steps: [[String]] = [
                ["endpoint", "status", "--cluster"],
                ["endpoint", "status", "--cluster", "-w", "table"],
                ["snapshot", "save", snapshot],
                ["move-leader", followerHex],
                ["move-leader", "ffffffff"],
            ]
            return try steps.map { arguments in
                let endpoints = arguments[0] == "move-leader" ? cluster.endpoints : cluster.members[0].clientURL
                let result = try Etcdctl.run(arguments, endpoints: endpoints, timeoutSeconds: 30)
                let sorted = arguments[0] == "endpoint"
                return Step(command: "etcdctl " + arguments.joined(separator: " "), status: result.status,
                            stdout: mask(result.stdout, sortingLines: sorted), stderr: mask(result.stderr))
            }
        }

        private func mask(_ text: String, sortingLines: Bool = false) -> String {
            let masked = Self.maintenancePatterns.reduce(text) { result, pattern in
                result.replacingOccurrences(of: pattern.0, with: pattern.1, options: .regularExpression)
            }
            return Normalize.output(masked, sortingLines: sortingLines)
        }
    }

    /// `etcdctl watch` live and from history prints the same events for kvd as for etcd.
    @Suite struct WatchCompatibilityTests {
        @Test func watchPrintsTheSameEvents() throws {
            let etcd = try ProcessCluster(.etcd, size: 3)
            defer { etcd.stop() }
            let kvd = try ProcessCluster(.kvd, size: 3)
            defer { kvd.stop() }
            let outputs = try [etcd, kvd].map { cluster in try watchSession(cluster.endpoints) }
            #expect(outputs[1].live == outputs[0].live, "kvd:\n\(outputs[1].live)\netcd:\n\(outputs[0].live)")
            #expect(outputs[1].history == outputs[0].history, "kvd:\n\(outputs[1].history)\netcd:\n\(outputs[0].history)")
            #expect(outputs[0].live.contains("DELETE"), "the watch saw nothing: \(outputs[0].live)")
        }

        /// A live prefix watch with prev_kv during some writes, then a watch from revision 2.
        private func watchSession(_ endpoints: String) throws -> (live: String, history: String) {
            let live = try EtcdctlStream(["watch", "--prefix", "w/", "--prev-kv"], endpoints: endpoints)
            Thread.sleep(forTimeInterval: 1)
            for step in [["put", "w/1", "a"], ["put", "w/1", "b"], ["put", "other", "x"], ["del", "w/1"], ["put", "w/2", "c"]] {
                _ = try Etcdctl.run(step, endpoints: endpoints)
            }
            Thread.sleep(forTimeInterval: 1)
            let history = try EtcdctlStream(["watch", "--rev", "2", "w/1"], endpoints: endpoints)
            Thread.sleep(forTimeInterval: 1.5)
            return (live.stop(), history.stop())
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
        (#"\b[0-9a-f]{10,16}\b"#, "HEXID"),
        (#"remaining\(\d+s\)"#, "remaining(Ns)"),
        (#"\d+(\.\d+)?(ms|µs|s)\b"#, "DURATION"),
        (#"\{"level":.*\n"#, ""),
        (#"127\.0\.0\.1:\d+"#, "127.0.0.1:PORT"),
        (#"\bm\d\b"#, "NAME"),
        // Table cells are padded to the widest value, and ids differ in width.
        (#" {2,}"#, " "),
        (#"-+\+"#, "-+"),
    ]

    static func output(_ text: String, sortingLines: Bool = false) -> String {
        let masked = patterns.reduce(text) { result, pattern in
            result.replacingOccurrences(of: pattern.0, with: pattern.1, options: .regularExpression)
        }
        return sortingLines ? masked.split(separator: "\n").sorted().joined(separator: "\n") : masked
    }
}
