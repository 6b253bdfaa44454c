import Foundation
import Testing

extension Integration {
/// `kvctl snapshot save` and `snapshot status` on kvd's snapshots (LMDB files), and what it
/// says of files it cannot read.
@Suite struct KvctlSnapshotTests {
    private func revision(_ endpoints: String) throws -> Int {
        let get = try Kvctl.run(["get", "any", "-w", "json"], endpoints: endpoints)
        let match = try #require(get.stdout.firstMatch(of: /"revision":(\d+)/), "\(get)")
        return try #require(Int(match.1))
    }

    @Test func statusReadsWhatSnapshotSaveWrote() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        for index in 0..<20 { #expect(try Kvctl.run(["put", "k\(index % 5)", "v\(index)"], endpoints: cluster.endpoints).status == 0) }
        let member = cluster.members[1].clientURL
        let first = cluster.root.appendingPathComponent("first.snap").path
        let save = try Kvctl.run(["snapshot", "save", first], endpoints: member)
        #expect(save.status == 0 && save.stdout == "Snapshot saved at \(first)\n", "\(save)")
        let atSave = try revision(member)

        let lines = try Kvctl.run(["snapshot", "status", first, "-w", "lines"], endpoints: member)
        let fields = lines.stdout.dropLast().split(separator: "\t").map(String.init)
        #expect(lines.status == 0 && fields.count == 4, "\(lines)")
        let size = try #require(try FileManager.default.attributesOfItem(atPath: first)[.size] as? Int)
        #expect(fields.count == 4 && Int(fields[1]) == atSave && Int(fields[3]) == size, "\(lines.stdout) at \(atSave), \(size) bytes")
        // 20 revisions of 5 keys: at least a revision record and a key mark for each.
        #expect((Int(fields[2]) ?? 0) >= 40, "\(lines.stdout)")
        let hash = try #require(UInt32(fields[0], radix: 16))

        // etcdctl's formats, with the same numbers.
        let simple = try Kvctl.run(["snapshot", "status", first], endpoints: member)
        #expect(simple.stdout.hasPrefix("\(fields[0]), \(atSave), \(fields[2]), "), "\(simple)")
        #expect(simple.stdout.wholeMatch(of: /[0-9a-f]+, \d+, \d+, \d+(\.\d)? [kMG]?B\n/) != nil, "\(simple)")
        let json = try Kvctl.run(["snapshot", "status", first, "-w", "json"], endpoints: member)
        #expect(json.stdout == "{\"hash\":\(hash),\"revision\":\(atSave),\"totalKey\":\(fields[2]),\"totalSize\":\(size)}\n", "\(json)")
        let table = try Kvctl.run(["snapshot", "status", first, "-w", "table"], endpoints: member)
        #expect(table.stdout.contains("|   HASH   | REVISION | TOTAL KEYS | TOTAL SIZE |"), "\(table)")

        // etcdctl saves the same file from kvd; the same store, saved again, hashes the same.
        let second = cluster.root.appendingPathComponent("second.snap").path
        #expect(try Etcdctl.run(["snapshot", "save", second], endpoints: member).status == 0)
        #expect(try Kvctl.run(["snapshot", "status", second, "-w", "lines"], endpoints: member).stdout == lines.stdout)
        #expect(try Kvctl.run(["put", "later", "x"], endpoints: cluster.endpoints).status == 0)
        let third = cluster.root.appendingPathComponent("third.snap").path
        #expect(try Kvctl.run(["snapshot", "save", third, "-w", "ndjson"], endpoints: member).stdout.hasPrefix("{\"path\":"))
        let later = try Kvctl.run(["snapshot", "status", third, "-w", "ndjson"], endpoints: member)
        #expect(later.stdout.contains("\"revision\":\(atSave + 1),") && !later.stdout.contains(fields[0]), "\(later)")

        // Reading leaves nothing beside the file.
        #expect(!FileManager.default.fileExists(atPath: first + "-lock"))
    }

    /// etcd's bbolt snapshots, other files, and missing ones: a clear error, status 1, as
    /// etcdctl (whose own messages kvctl keeps where it has them).
    @Test func filesItCannotReadAreNamedAsSuch() throws {
        let etcd = try ProcessCluster(.etcd, size: 1)
        defer { etcd.stop() }
        let bbolt = etcd.root.appendingPathComponent("etcd.snap").path
        #expect(try Etcdctl.run(["snapshot", "save", bbolt], endpoints: etcd.endpoints).status == 0)
        let fromEtcd = try Kvctl.run(["snapshot", "status", bbolt], endpoints: etcd.endpoints)
        #expect(fromEtcd.status == 1, "\(fromEtcd)")
        #expect(fromEtcd.stderr == "Error: invalid database: \(bbolt) is an etcd (bbolt) snapshot; kvctl reads kvd's (LMDB) snapshots, etcdctl reads this one\n")

        let text = etcd.root.appendingPathComponent("notes.txt").path
        try Data("not a snapshot\n".utf8).write(to: URL(fileURLWithPath: text))
        let other = try Kvctl.run(["snapshot", "status", text], endpoints: etcd.endpoints)
        #expect(other.status == 1 && other.stderr == "Error: invalid database: \(text) is not a kvd snapshot (an LMDB file holding kvd's store)\n",
                "\(other)")

        let missing = etcd.root.appendingPathComponent("missing.snap").path
        for arguments in [["snapshot", "status", missing], ["snapshot", "status", etcd.root.path], ["snapshot", "status"]] {
            let expected = try Etcdctl.run(arguments, endpoints: etcd.endpoints)
            let actual = try Kvctl.run(arguments, endpoints: etcd.endpoints)
            #expect(actual.status == expected.status && actual.stderr == expected.stderr,
                    "\(arguments): kvctl \(actual) etcdctl \(expected)")
        }
    }
}
}
