import Foundation
import TestSupport
import Testing

extension Integration {
    /// kvwal reads what a real kvd member wrote: the requests in words, a sound CRC chain,
    /// and one JSON object per line.
    @Suite struct KvwalOnKvdDataTests {
        @Test func kvwalDescribesAKvdMembersLog() throws {
            let cluster = try ProcessCluster(.kvd, size: 1)
            defer { cluster.stop() }
            for step in [["put", "/config/a", "1"], ["put", "/config/b", "two words"], ["del", "/config/a"],
                         ["compaction", "2"]] {
                #expect(try Etcdctl.run(step, endpoints: cluster.endpoints).status == 0)
            }
            cluster.terminate(0)
            let dataDir = cluster.root.appendingPathComponent("m0.data").path

            let dump = try runCommand(Binaries.kvwal, ["dump", dataDir])
            #expect(dump.status == 0, "\(dump.stderr)")
            #expect(dump.stdout.contains("put key=/config/a value=1"))
            #expect(dump.stdout.contains(#"put key=/config/b value=two\x20words"#))
            #expect(dump.stdout.contains("delete range key=/config/a"))
            #expect(dump.stdout.contains("compact revision=2"))
            #expect(dump.stdout.contains("conf change add member"))

            let verify = try runCommand(Binaries.kvwal, ["verify", dataDir])
            #expect(verify.status == 0 && verify.stdout.hasPrefix("ok:"), "\(verify.stdout)\(verify.stderr)")

            let json = try runCommand(Binaries.kvwal, ["dump", dataDir, "-w", "json", "--kind", "normal"])
            let objects = try json.stdout.split(separator: "\n").map {
                try JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any]
            }
            let puts = objects.compactMap { ($0?["request"] as? [String: Any])?["key"] as? String }
            #expect(puts.contains("/config/b"))
        }
    }
}
