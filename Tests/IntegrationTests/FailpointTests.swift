import Foundation
import Testing

extension Integration {
/// kvd's failpoints (`KVD_FAILPOINTS`) act in a real member, and what they break a restart
/// mends: the fault harness relies on both.
@Suite struct FailpointTests {
    /// A follower that dies between applying a batch and committing it to its store (here,
    /// replaying its log at start) loses nothing: restarted unarmed, it catches up and ends
    /// with the same data as the others.
    @Test func aMemberThatDiesBeforeItsStoreCommitRecoversFromItsLog() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        #expect(cluster.terminate(2) == 0)
        for index in 0..<5 {
            #expect(try Etcdctl.run(["put", "k\(index)", "v\(index)"], endpoints: cluster.members[0].clientURL).status == 0)
        }
        try cluster.start(2, environment: ["KVD_FAILPOINTS": "applyBeforeCommit=panic"])
        let status = cluster.waitForExit(2, seconds: 30)
        let log = (try? String(contentsOf: cluster.members[2].log, encoding: .utf8)) ?? ""
        #expect(status == 2, "\(log)")
        #expect(log.contains("panic: failpoint applyBeforeCommit"), "\(log)")

        try cluster.start(2)
        try cluster.waitUntilServing()
        let read = try Etcdctl.run(["get", "k", "--prefix", "--consistency=s", "--print-value-only"],
                                   endpoints: cluster.members[2].clientURL)
        #expect(read.stdout == (0..<5).map { "v\($0)\n" }.joined(), "\(read)")
        let hashes = try Etcdctl.run(["endpoint", "hashkv", "--cluster", "-w", "json"], endpoints: cluster.endpoints)
        let values = Set(hashes.stdout.matches(of: /"hash":(\d+)/).map { String($0.output.1) })
        #expect(hashes.status == 0 && values.count == 1, "\(hashes)")
    }

    /// `print` shows each pass through a point in the member's log, and an unarmed member
    /// says nothing of failpoints.
    @Test func aPrintedPointShowsInTheLog() throws {
        let cluster = try ProcessCluster(.kvd, size: 1, environment: ["KVD_FAILPOINTS": "applyAfterCommit=print;walAfterSync=print"])
        defer { cluster.stop() }
        #expect(try Etcdctl.run(["put", "k", "v"], endpoints: cluster.endpoints).status == 0)
        let log = cluster.logs()
        #expect(log.contains("failpoints armed (KVD_FAILPOINTS)"), "\(log)")
        #expect(log.contains("failpoint applyAfterCommit hit") && log.contains("failpoint walAfterSync hit"), "\(log)")

        let plain = try ProcessCluster(.kvd, size: 1)
        defer { plain.stop() }
        #expect(try Etcdctl.run(["put", "k", "v"], endpoints: plain.endpoints).status == 0)
        #expect(!plain.logs().contains("failpoint"), "\(plain.logs())")
    }
}
}
