import Foundation
import TestSupport
import Testing

extension Integration {
/// `kvctl check perf`: etcdctl's load, report and refusals, shortened with `--duration`.
@Suite struct KvctlCheckPerfTests {
    @Test(arguments: [ProcessCluster.Server.kvd, .etcd])
    func aShortLoadReportsAsEtcdctlAndCleansUp(server: ProcessCluster.Server) throws {
        let cluster = try ProcessCluster(server, size: 1)
        defer { cluster.stop() }
        let endpoints = cluster.endpoints
        let result = try runCommand(Binaries.kvctl, ["--endpoints", endpoints, "check", "perf", "--duration", "3s",
                                                     "--auto-compact", "--auto-defrag"],
                                    environment: Kvctl.environment, timeoutSeconds: 60)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        let address = String(endpoints.dropFirst("http://".count))
        // Whether the machine keeps up is not for a test to judge; the report's shape and its
        // agreement with the exit status are.
        let patterns = [
            #"Compacting with revision \d+"#, #"Compacted with revision \d+"#,
            "Defragmenting \"http://\(address)\"", "Defragmented \"http://\(address)\"",
            #"(?:PASS: Throughput is|FAIL: Throughput too low:) \d+ writes/s"#,
            #"(?:PASS: Slowest request took|Slowest request took too long:) \d+\.\d{6}s"#,
            #"(?:PASS: Stddev is|Stddev too high:) \d+\.\d{6}s"#, "PASS|FAIL", "",
        ]
        #expect(lines.count == patterns.count, "\(server): \(result)")
        for (line, pattern) in zip(lines, patterns) { #expect(try line.wholeMatch(of: Regex(pattern)) != nil, "\(server): \(line)") }
        #expect(result.status == (lines.dropLast().last == "PASS" ? 0 : 1), "\(server): \(result)")
        #expect(!result.stdout.contains("ERROR"), "\(server): \(result)")

        let left = try Kvctl.run(["get", "--prefix", "/etcdctl-check-perf/", "--keys-only"], endpoints: endpoints)
        #expect(left.status == 0 && left.stdout.isEmpty, "\(server): keys left behind")

        let ndjson = try runCommand(Binaries.kvctl, ["--endpoints", endpoints, "check", "perf", "--duration", "1s", "-w", "ndjson",
                                                     "--prefix", "/other/"], environment: Kvctl.environment, timeoutSeconds: 60)
        #expect(ndjson.stdout.wholeMatch(of: /\{"pass":(true|false),"throughput":\d+,"slowest":\d+\.\d+,"stddev":\d+\.\d+,"errors":0\}\n/) != nil,
                "\(server): \(ndjson)")
    }

    /// Keys already under the prefix, and an unknown load, are refused as etcdctl refuses them.
    @Test func refusalsAsEtcdctl() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        #expect(try Kvctl.run(["put", "/etcdctl-check-perf/x", "1"], endpoints: cluster.endpoints).status == 0)
        for arguments in [["check", "perf"], ["check", "perf", "--load", "xxl"]] {
            let expected = try Etcdctl.run(arguments, endpoints: cluster.endpoints)
            let actual = try Kvctl.run(arguments, endpoints: cluster.endpoints)
            #expect(actual.status == expected.status && actual.status != 0, "\(arguments): \(actual)")
            #expect(actual.stderr == expected.stderr, "\(arguments): kvctl \(actual.stderr) etcdctl \(expected.stderr)")
        }
        let kept = try Kvctl.run(["get", "/etcdctl-check-perf/x", "--print-value-only"], endpoints: cluster.endpoints)
        #expect(kept.stdout == "1\n", "the refused check touched the keys")
    }
}
}
