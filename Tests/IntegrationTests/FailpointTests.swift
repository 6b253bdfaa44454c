import Foundation
import Testing

extension Integration {
/// kvd's failpoints (`KVD_FAILPOINTS`) act in a real member, and what they break a restart
/// mends: the fault harness relies on both.
@Suite struct FailpointTests {
    /// A follower that dies at a point of its write path while catching up (here, replaying
    /// its log at start) loses nothing: restarted unarmed, it mends what the crash left (a
    /// store behind its log; a torn WAL tail, which it says it cut off), catches up and ends
    /// with the same data as the others.
    @Test(arguments: ["applyBeforeCommit", "walMidWrite"])
    func aFollowerThatDiesMidWriteRecovers(point: String) throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        #expect(cluster.terminate(2) == 0)
        for index in 0..<5 {
            #expect(try Etcdctl.run(["put", "k\(index)", "v\(index)"], endpoints: cluster.members[0].clientURL).status == 0)
        }
        try cluster.start(2, environment: ["KVD_FAILPOINTS": "\(point)=panic"])
        let status = cluster.waitForExit(2, seconds: 30)
        let crashLog = (try? String(contentsOf: cluster.members[2].log, encoding: .utf8)) ?? ""
        #expect(status == 2, "\(crashLog)")
        #expect(crashLog.contains("panic: failpoint \(point)"), "\(crashLog)")

        try cluster.start(2)
        try cluster.waitUntilServing()
        if point == "walMidWrite" {
            let log = (try? String(contentsOf: cluster.members[2].log, encoding: .utf8)) ?? ""
            #expect(log.contains("torn tail"), "\(log)")
        }
        let read = try Etcdctl.run(["get", "k", "--prefix", "--consistency=s", "--print-value-only"],
                                   endpoints: cluster.members[2].clientURL)
        #expect(read.stdout == (0..<5).map { "v\($0)\n" }.joined(), "\(read)")
        let hashes = try Etcdctl.run(["endpoint", "hashkv", "--cluster", "-w", "json"], endpoints: cluster.endpoints)
        let values = Set(hashes.stdout.matches(of: /"hash":(\d+)/).map { String($0.output.1) })
        #expect(hashes.status == 0 && values.count == 1, "\(hashes)")
    }

    /// A founding member torn in its very first WAL write still starts: the founding log (its
    /// conf changes and the commit that covers them) is written whole or not at all, so the
    /// tear can only cut what came after it. (It used to cut the commit off, and the member,
    /// seeing no voters, never elected itself.)
    @Test func aFoundingMemberTornInItsFirstWriteStillStarts() throws {
        let cluster = try ProcessCluster(.kvd, size: 1, startAll: false)
        defer { cluster.stop() }
        try cluster.start(0, environment: ["KVD_FAILPOINTS": "walMidWrite=panic"])
        #expect(cluster.waitForExit(0, seconds: 30) == 2)
        try cluster.start(0)
        try cluster.waitUntilServing()
        #expect(try Etcdctl.run(["put", "k", "v"], endpoints: cluster.endpoints).status == 0)
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
