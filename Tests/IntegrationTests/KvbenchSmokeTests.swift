import Foundation
import TestSupport
import Testing

extension Integration {
    /// kvbench against a real kvd member: a short load of each kind is answered in full, every
    /// request counted and none failed, and what the puts wrote is there for etcdctl to read.
    @Suite struct KvbenchSmokeTests {
        @Test func kvbenchCountsEveryRequestOfEachWorkload() throws {
            let cluster = try ProcessCluster(.kvd, size: 1)
            defer { cluster.stop() }
            let common = ["--endpoints", cluster.endpoints, "--clients", "4", "--key-space-size", "50", "--val-size", "16",
                          "--max-seconds", "300", "-w", "json"]
            for (workload, total, expected) in [(["put"], 300, 300), (["get"], 200, 200), (["get", "--serializable"], 200, 200),
                                                (["mixed", "--read-ratio", "0.5"], 200, 200),
                                                (["watch", "--watchers", "6"], 30, 180)] {
                let result = try runCommand(kvbench, workload + common + ["--total", String(total)], timeoutSeconds: 360)
                #expect(result.status == 0, "\(workload): \(result.stderr)")
                let report = try JSONSerialization.jsonObject(with: Data(result.stdout.utf8)) as? [String: Any]
                #expect(report?["requests"] as? Int == expected, "\(workload): \(result.stdout)")
                #expect(report?["errors"] as? Int == 0, "\(workload): \(result.stdout)")
                #expect(report?["time_limit_reached"] as? Bool == false, "\(workload): \(result.stdout)")
            }
            // The put load wrote keys 0...49 as 8-byte zero-padded numbers, with 16-byte values.
            let last = try Etcdctl.run(["get", "00000049", "--print-value-only"], endpoints: cluster.endpoints)
            #expect(last.stdout == String(repeating: "v", count: 16) + "\n")
            let beyond = try Etcdctl.run(["get", "00000050", "--print-value-only"], endpoints: cluster.endpoints)
            #expect(beyond.status == 0 && beyond.stdout.isEmpty)
        }

        @Test func kvbenchRefusesAnEndpointItCannotReach() throws {
            let port = try freePort()
            let result = try runCommand(kvbench, ["put", "--endpoints", "127.0.0.1:\(port)", "--total", "10", "--clients", "2"],
                                        timeoutSeconds: 60)
            #expect(result.status == 1)
            #expect(result.stderr.hasPrefix("kvbench: "), "\(result.stderr)")
            #expect(result.stdout.isEmpty)
        }

        private var kvbench: URL { Binaries.repository.appendingPathComponent(".build/debug/kvbench") }
    }
}
