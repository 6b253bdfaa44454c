import Foundation
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
/// etcdctl's command list through etcdctl and through kvctl: two clusters started alike, one
/// driven by each tool, so revisions line up; every output compared byte for byte after the
/// masking of ids and timings that `Normalize` does.
@Suite struct KvctlCompatibilityTests {
    /// The etcdctl compatibility steps (less `--count-only`, which etcdctl 3.4 lacks), then
    /// kvctl's own; each read again in json and fields.
    static var steps: [(arguments: [String], stdin: String?)] {
        (EtcdctlCompatibilityTests.steps.filter { !$0.arguments.contains("--count-only") } + extraSteps).flatMap { step in
            guard isRead(step.arguments), !step.arguments.contains("-w") else { return [step] }
            return [step, (step.arguments + ["-w", "json"], step.stdin), (step.arguments + ["-w", "fields"], step.stdin)]
        }
    }

    /// Interactive and failing transactions, history hashes, alarms, missing leases. (The
    /// revision is 14 when they start, 4 compacted.)
    static let extraSteps: [(arguments: [String], stdin: String?)] = [
        (["txn", "-i"], "value(\"a\") = \"13\"\n\nput a 14\nget a\n\nput a never\n\n"),
        (["txn", "-i"], "bogus\n\n"),
        (["txn", "-i", "-w", "json"], "\nfrob a\n\n"),
        (["txn"], "value(\"a\") = 1\n\n"),
        (["txn"], "\nput a\n\n\n"),
        (["txn", "-w", "fields"], "mod(\"a\") > \"0\"\n\ndel a --prev-kv\nput b 1 --prev-kv\n\n\n"),
        (["endpoint", "hashkv", "--rev", "12"], nil),
        (["endpoint", "hashkv", "--rev", "3"], nil),
        (["alarm", "list"], nil),
        (["alarm", "list", "-w", "json"], nil),
        (["lease", "keep-alive", "--once", "1234"], nil),
        (["lease", "keep-alive", "1234"], nil),
        (["lease", "revoke", "1234"], nil),
    ]

    static func isRead(_ arguments: [String]) -> Bool {
        ["get", "member", "endpoint"].contains(arguments[0]) || arguments.starts(with: ["lease", "timetolive"])
            || arguments.starts(with: ["lease", "list"])
    }

    @Test func kvctlPrintsWhatEtcdctlPrintsForKvd() throws {
        try compare(on: .kvd)
    }

    @Test func kvctlPrintsWhatEtcdctlPrintsForEtcd() throws {
        try compare(on: .etcd)
    }

    /// Lease and member ids in decimal, which json and fields print and `Normalize` leaves.
    static func maskIDs(_ text: String) -> String {
        text.replacingOccurrences(of: #""(ID|id)"( ?): ?\d+"#, with: "\"$1\"$2:ID", options: .regularExpression)
    }

    private func compare(on server: ProcessCluster.Server) throws {
        let reference = try ProcessCluster(server, size: 3)
        defer { reference.stop() }
        let subject = try ProcessCluster(server, size: 3)
        defer { subject.stop() }
        var leases = (etcdctl: "", kvctl: "")
        for step in Self.steps {
            let sorted = EtcdctlCompatibilityTests.unordered.contains(Array(step.arguments.prefix { $0 != "-w" }))
            let expected = try Etcdctl.run(step.arguments.map { $0 == "$LEASE" ? leases.etcdctl : $0 },
                                           endpoints: reference.endpoints, stdin: step.stdin)
            let actual = try Kvctl.run(step.arguments.map { $0 == "$LEASE" ? leases.kvctl : $0 },
                                       endpoints: subject.endpoints, stdin: step.stdin)
            if let id = expected.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/) { leases.etcdctl = String(id.1) }
            if let id = actual.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/) { leases.kvctl = String(id.1) }
            let command = "\(server): " + step.arguments.joined(separator: " ")
            #expect(actual.status == expected.status, "\(command): kvctl exit \(actual.status), etcdctl \(expected.status)\n\(actual.stderr)")
            #expect(Normalize.output(Self.maskIDs(actual.stdout), sortingLines: sorted)
                        == Normalize.output(Self.maskIDs(expected.stdout), sortingLines: sorted),
                    "\(command): kvctl printed:\n\(actual.stdout)\netcdctl printed:\n\(expected.stdout)")
            #expect(Normalize.output(actual.stderr, sortingLines: sorted) == Normalize.output(expected.stderr, sortingLines: sorted),
                    "\(command): kvctl error:\n\(actual.stderr)\netcdctl error:\n\(expected.stderr)")
        }
    }
}
}
