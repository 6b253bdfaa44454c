import Foundation
import TestSupport
import Testing

/// Runs kvctl (the debug build) with a clean environment, as `Etcdctl.run` runs etcdctl.
enum Kvctl {
    static var environment: [String: String] {
        ProcessInfo.processInfo.environment.filter { !$0.key.hasPrefix("ETCDCTL") && !$0.key.hasPrefix("KVCTL") }
    }

    static func run(_ arguments: [String], endpoints: String, stdin: String? = nil) throws -> CommandResult {
        try runCommand(Binaries.kvctl, ["--endpoints", endpoints, "--dial-timeout", "2s", "--command-timeout", "5s"] + arguments,
                       environment: environment, stdin: stdin)
    }

    /// A shell pipeline with `kvctl` on the PATH (bash, for PIPESTATUS).
    static func shell(_ script: String, endpoints: String, timeoutSeconds: Double = 20) throws -> CommandResult {
        var environment = self.environment
        environment["KVCTL_ENDPOINTS"] = endpoints
        environment["PATH"] = Binaries.kvctl.deletingLastPathComponent().path + ":" + (environment["PATH"] ?? "/usr/bin:/bin")
        return try runCommand(URL(fileURLWithPath: "/bin/bash"), ["-c", script], environment: environment, timeoutSeconds: timeoutSeconds)
    }
}

extension Integration {
/// etcdctl's command list through etcdctl and through kvctl, every output compared byte for
/// byte after the masking of ids and timings that `Normalize` does.
///
/// A step that leaves the store as it found it (a read, defrag, move-leader, version) runs
/// through both tools against the same cluster, back to back. A write cannot run twice on one
/// cluster (the second would see the first's effect), so writes run on two clusters started
/// alike, one written by each tool, which keeps their revisions in step.
@Suite struct KvctlCompatibilityTests {
    typealias Step = (arguments: [String], stdin: String?)

    /// The etcdctl compatibility steps (less `--count-only`, which etcdctl 3.4 lacks), then
    /// kvctl's own; each read again in json, fields and table.
    static var steps: [Step] {
        (EtcdctlCompatibilityTests.steps.filter { !$0.arguments.contains("--count-only") } + extraSteps).flatMap { step in
            guard leavesTheStore(step.arguments), !step.arguments.contains("-w") else { return [step] }
            return [step] + ["json", "fields", "table"].map { (step.arguments + ["-w", $0], step.stdin) }
        }
    }

    /// Interactive and failing transactions, writes in every format, history hashes, alarms,
    /// missing leases, the maintenance commands. (The revision is 14 when they start, 4 compacted.)
    static let extraSteps: [Step] = [
        (["txn", "-i"], "value(\"a\") = \"13\"\n\nput a 14\nget a\n\nput a never\n\n"),
        (["txn", "-i"], "bogus\n\n"),
        (["txn", "-i", "-w", "json"], "\nfrob a\n\n"),
        (["txn"], "value(\"a\") = 1\n\n"),
        (["txn"], "\nput a\n\n\n"),
        (["txn", "-w", "fields"], "mod(\"a\") > \"0\"\n\ndel a --prev-kv\nput b 1 --prev-kv\n\n\n"),
        (["put", "w", "1", "-w", "json"], nil),
        (["put", "w", "2", "--prev-kv", "-w", "json"], nil),
        (["put", "w", "3", "--prev-kv", "-w", "fields"], nil),
        (["del", "w", "--prev-kv", "-w", "json"], nil),
        (["del", "w", "-w", "fields"], nil),
        (["compaction", "6", "-w", "json"], nil),
        (["lease", "grant", "60"], nil),
        (["lease", "keep-alive", "--once", "$LEASE", "-w", "json"], nil),
        (["lease", "keep-alive", "--once", "$LEASE", "-w", "fields"], nil),
        (["lease", "revoke", "$LEASE", "-w", "json"], nil),
        (["lease", "grant", "60", "-w", "json"], nil),
        (["lease", "grant", "60", "-w", "fields"], nil),
        (["get", "", "--prefix", "--hex"], nil),
        (["endpoint", "hashkv", "--rev", "12"], nil),
        (["endpoint", "hashkv", "--rev", "3"], nil),
        (["endpoint", "hashkv", "--cluster"], nil),
        (["endpoint", "status"], nil),
        (["endpoint", "status", "--cluster"], nil),
        (["alarm", "list"], nil),
        (["alarm", "list", "-w", "json"], nil),
        (["defrag"], nil),
        (["move-leader", "$FOLLOWER"], nil),
        (["move-leader", "ffffffff"], nil),
        (["version"], nil),
        (["lease", "keep-alive", "--once", "1234"], nil),
        (["lease", "keep-alive", "1234"], nil),
        (["lease", "revoke", "1234"], nil),
    ]

    static func leavesTheStore(_ arguments: [String]) -> Bool {
        ["get", "member", "endpoint", "defrag", "move-leader", "version"].contains(arguments[0])
            || arguments.starts(with: ["lease", "timetolive"]) || arguments.starts(with: ["lease", "list"])
    }

    @Test func kvctlPrintsWhatEtcdctlPrintsForKvd() throws {
        try compare(on: .kvd)
    }

    @Test func kvctlPrintsWhatEtcdctlPrintsForEtcd() throws {
        try compare(on: .etcd)
    }

    /// Lease and member ids in decimal, which json and fields print and `Normalize` leaves,
    /// and the tool's own name and version.
    static func mask(_ text: String) -> String {
        text.replacingOccurrences(of: #""(ID|id)"( ?): ?\d+"#, with: "\"$1\"$2:ID", options: .regularExpression)
            .replacingOccurrences(of: #"(?m)^(etcdctl|kvctl) version: \S+$"#, with: "TOOL version: VERSION", options: .regularExpression)
            .replacingOccurrences(of: #""(etcdctl|kvctl)?[vV]ersion": ?"[^"]+""#, with: "\"version\":\"VERSION\"", options: .regularExpression)
    }

    /// A follower's id in hex, as move-leader takes it, asked of the cluster itself.
    private func follower(of cluster: ProcessCluster) throws -> String {
        let status = try Etcdctl.run(["endpoint", "status", "--cluster", "-w", "json"], endpoints: cluster.endpoints)
        let leader = try #require(status.stdout.firstMatch(of: /"leader":(\d+)/), "\(status)").1
        let follower = try #require(status.stdout.matches(of: /"member_id":(\d+)/).map { String($0.1) }.first { $0 != leader })
        return String(try #require(UInt64(follower)), radix: 16)
    }

    private func compare(on server: ProcessCluster.Server) throws {
        let reference = try ProcessCluster(server, size: 3)
        defer { reference.stop() }
        let subject = try ProcessCluster(server, size: 3)
        defer { subject.stop() }
        var leases = (etcdctl: "", kvctl: "")
        for step in Self.steps {
            let sameCluster = Self.leavesTheStore(step.arguments)
            let sorted = EtcdctlCompatibilityTests.unordered.contains(Array(step.arguments.prefix { $0 != "-w" }))
                || step.arguments.contains("--cluster")
            func arguments(lease: String) throws -> [String] {
                try step.arguments.map {
                    switch $0 {
                    case "$LEASE": lease
                    case "$FOLLOWER": try follower(of: subject)
                    default: $0
                    }
                }
            }
            let expected = try Etcdctl.run(arguments(lease: sameCluster ? leases.kvctl : leases.etcdctl),
                                           endpoints: (sameCluster ? subject : reference).endpoints, stdin: step.stdin)
            let actual = try Kvctl.run(arguments(lease: leases.kvctl), endpoints: subject.endpoints, stdin: step.stdin)
            // `lease timetolive` prints "granted" too, but only a grant (a write) names a new lease.
            if !sameCluster, let id = expected.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/) { leases.etcdctl = String(id.1) }
            if !sameCluster, let id = actual.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/) { leases.kvctl = String(id.1) }
            let command = "\(server): " + step.arguments.joined(separator: " ")
            #expect(actual.status == expected.status, "\(command): kvctl exit \(actual.status), etcdctl \(expected.status)\n\(actual.stderr)")
            #expect(Normalize.output(Self.mask(actual.stdout), sortingLines: sorted)
                        == Normalize.output(Self.mask(expected.stdout), sortingLines: sorted),
                    "\(command): kvctl printed:\n\(actual.stdout)\netcdctl printed:\n\(expected.stdout)")
            #expect(Normalize.output(actual.stderr, sortingLines: sorted) == Normalize.output(expected.stderr, sortingLines: sorted),
                    "\(command): kvctl error:\n\(actual.stderr)\netcdctl error:\n\(expected.stderr)")
        }
    }
}
}
