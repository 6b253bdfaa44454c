import Foundation
import TestSupport
import Testing

extension Integration {
/// A NOSPACE alarm raised by the server itself (a tiny `--quota-backend-bytes`), as kvctl and
/// etcdctl show and disarm it, on kvd and on etcd 3.4.
@Suite struct KvctlAlarmTests {
    @Test(arguments: [ProcessCluster.Server.kvd, .etcd])
    func aRaisedAlarmIsListedAndDisarmedAsEtcdctlDoes(server: ProcessCluster.Server) throws {
        let cluster = try ProcessCluster(server, size: 1, flags: ["--quota-backend-bytes", "16384"])
        defer { cluster.stop() }
        let endpoints = cluster.endpoints
        let raise = { () throws -> CommandResult in try Kvctl.run(["put", "too", "much"], endpoints: endpoints) }
        let full = try raise()
        #expect(full.status == 1 && full.stderr == "Error: etcdserver: mvcc: database space exceeded\n", "\(server): \(full)")

        // etcdctl 3.4 crashes on `alarm list -w fields` against etcd (its answer has no header).
        let formats = server == .kvd ? ["simple", "json", "fields"] : ["simple", "json"]
        let reads = formats.map { ["alarm", "list", "-w", $0] } + [["endpoint", "status"], ["endpoint", "health"]]
        for arguments in reads {
            let expected = try Etcdctl.run(arguments, endpoints: endpoints)
            let actual = try Kvctl.run(arguments, endpoints: endpoints)
            #expect(actual.status == expected.status, "\(server) \(arguments): \(actual)")
            #expect(Normalize.output(actual.stdout) == Normalize.output(expected.stdout),
                    "\(server) \(arguments): kvctl printed:\n\(actual.stdout)\netcdctl printed:\n\(expected.stdout)")
            #expect(Normalize.output(actual.stderr) == Normalize.output(expected.stderr),
                    "\(server) \(arguments): kvctl:\n\(actual.stderr)\netcdctl:\n\(expected.stderr)")
        }
        let listed = try Kvctl.run(["alarm", "list"], endpoints: endpoints)
        #expect(listed.stdout.hasSuffix("alarm:NOSPACE \n"), "\(server): \(listed)")
        let memberID = try #require(listed.stdout.firstMatch(of: /memberID:(\d+)/).flatMap { UInt64($0.1) })
        let lines = try Kvctl.run(["alarm", "list", "-w", "lines"], endpoints: endpoints)
        #expect(lines.stdout == "\(String(memberID, radix: 16))\tNOSPACE\n", "\(server): \(lines)")
        let ndjson = try Kvctl.run(["alarm", "list", "-w", "ndjson"], endpoints: endpoints)
        #expect(ndjson.stdout == "{\"member_id\":\"\(String(memberID, radix: 16))\",\"alarm\":\"NOSPACE\"}\n", "\(server): \(ndjson)")

        // Each disarms what is raised and prints it; the next write over the quota raises it again.
        let expected = try Etcdctl.run(["alarm", "disarm"], endpoints: endpoints)
        #expect(try Etcdctl.run(["alarm", "list"], endpoints: endpoints).stdout.isEmpty)
        _ = try raise()
        let actual = try Kvctl.run(["alarm", "disarm"], endpoints: endpoints)
        #expect(actual.status == 0 && actual.stdout == expected.stdout && actual.stdout.contains("NOSPACE"),
                "\(server): kvctl \(actual) etcdctl \(expected)")
        let cleared = try Kvctl.run(["alarm", "list"], endpoints: endpoints)
        #expect(cleared.status == 0 && cleared.stdout.isEmpty, "\(server): \(cleared)")
    }
}
}
