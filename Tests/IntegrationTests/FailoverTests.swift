import Foundation
import Testing

extension Integration {
@Suite struct FailoverTests {
    /// kill -9 of a member under writes loses no acknowledged write, and the member catches
    /// up when it comes back: every member ends with the same revision and data.
    @Test func aKilledMemberLosesNothingAndCatchesUp() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        var acknowledged: [String] = []
        for i in 0..<20 {
            if try Etcdctl.run(["put", "k\(i)", "v\(i)"], endpoints: cluster.endpoints).status == 0 { acknowledged.append("k\(i)") }
        }
        for victim in 0..<3 {
            cluster.kill(victim)
            let others = cluster.members.enumerated().filter { $0.offset != victim }.map(\.element.clientURL).joined(separator: ",")
            for i in 0..<10 {
                let key = "after\(victim)-\(i)"
                let result = try Etcdctl.run(["put", key, "x"], endpoints: others)
                if result.status == 0 { acknowledged.append(key) }
            }
            try cluster.start(victim)
            try cluster.waitUntilServing()
        }
        #expect(acknowledged.count >= 40, "too few writes were acknowledged: \(acknowledged.count)\n\(cluster.logs())")
        for member in cluster.members {
            let keys = try Etcdctl.run(["get", "", "--prefix", "--keys-only"], endpoints: member.clientURL)
            let present = Set(keys.stdout.split(separator: "\n").map(String.init))
            let lost = acknowledged.filter { !present.contains($0) }
            #expect(lost.isEmpty, "\(member.name) lost acknowledged writes: \(lost)")
        }
        let revisions = try cluster.members.map { member in
            try Etcdctl.run(["get", "k0", "-w", "json", "--consistency", "s"], endpoints: member.clientURL).stdout
                .firstMatch(of: /"revision":(\d+)/).map { String($0.1) } ?? "none"
        }
        #expect(Set(revisions).count == 1, "members disagree on the revision: \(revisions)")
    }

    /// A member that missed more than the leader's log keeps receives the leader's store as
    /// a snapshot over the peer protocol (several 1 MiB chunks: the store holds large values),
    /// and ends with the same data and revision.
    @Test func aMemberBehindTheCompactedLogCatchesUpFromASnapshot() throws {
        let cluster = try ProcessCluster(.kvd, size: 3, flags: [
            "--snapshot-count", "20", "--experimental-snapshot-catchup-entries", "5",
        ])
        defer { cluster.stop() }
        cluster.kill(2)
        try cluster.waitUntilServing()
        let others = cluster.members.prefix(2).map(\.clientURL).joined(separator: ",")
        let large = String(repeating: "L", count: 1_000_000)
        for i in 0..<60 {
            // Values from stdin: a 1 MB argument is past what exec allows one argument.
            let result = i % 20 == 0 ? try Etcdctl.run(["put", "s\(i)"], endpoints: others, stdin: large + "\(i)")
                : try Etcdctl.run(["put", "s\(i)", "\(i)"], endpoints: others)
            #expect(result.status == 0, "put s\(i): \(result.stderr)")
        }
        try cluster.start(2)
        try cluster.waitUntilServing()
        let returning = cluster.members[2].clientURL
        let keys = try Etcdctl.run(["get", "s", "--prefix", "--keys-only", "--consistency", "s"], endpoints: returning)
        #expect(keys.stdout.split(separator: "\n").count == 60, "the returning member has \(keys.stdout.split(separator: "\n").count) of 60 keys\n\(cluster.logs())")
        let largeValue = try Etcdctl.run(["get", "s40", "--print-value-only", "--consistency", "s"], endpoints: returning)
        #expect(largeValue.stdout == large + "40\n", "the returning member has \(largeValue.stdout.count) bytes of s40")
        let revisions = try cluster.members.map { member in
            try Etcdctl.run(["get", "s0", "-w", "json", "--consistency", "s"], endpoints: member.clientURL).stdout
                .firstMatch(of: /"revision":(\d+)/).map { String($0.1) } ?? "none"
        }
        #expect(Set(revisions).count == 1, "members disagree on the revision: \(revisions)")
    }
}
}
