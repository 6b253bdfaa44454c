import Foundation
import TestSupport
import Testing

extension Integration {
@Suite struct SystemdTests {
    /// READY=1 only once the member has joined a cluster with a leader: the first of three
    /// waits for a second; then STATUS= tells the role, and SIGTERM sends STOPPING=1.
    @Test func readinessArrivesOnlyWithAQuorum() throws {
        let socket = try NotifySocket()
        let cluster = try ProcessCluster(.kvd, size: 3, startAll: false, environment: ["NOTIFY_SOCKET": socket.path])
        defer { cluster.stop() }
        try cluster.start(0)
        let alone = socket.receive(for: 4)
        #expect(!alone.contains { $0.contains("READY=1") }, "ready without a quorum: \(alone)")
        try cluster.start(1)
        let joined = socket.receive(for: 20, until: "READY=1")
        #expect(joined.contains { $0.contains("READY=1") }, "never ready with a quorum: \(joined)\n\(cluster.logs())")
        // Both members become ready, and only once the member list shows their client URLs
        // (as etcd's, which publishes them first).
        var messages = alone + joined
        for _ in 0..<20 where messages.filter({ $0.contains("READY=1") }).count < 2 { messages += socket.receive(for: 1, until: "READY=1") }
        #expect(messages.filter { $0.contains("READY=1") }.count == 2, "\(messages)")
        for member in cluster.members.prefix(2) {
            let listed = try Etcdctl.run(["member", "list"], endpoints: member.clientURL)
            #expect(listed.stdout.contains(member.clientURL), "\(member.name): \(listed)")
        }
        // When it changes: the role, the term and the leader's id, once there is one.
        let roles = ["leader", "follower"]
        for _ in 0..<5 where !roles.allSatisfy({ role in messages.contains { $0.hasPrefix("STATUS=\(role) ") } }) {
            messages += socket.receive(for: 1)
        }
        for role in roles {
            let status = try Regex("STATUS=\(role) term=[1-9][0-9]* leader=[0-9a-f]{6,16}")
            #expect(messages.contains { $0.wholeMatch(of: status) != nil }, "\(role): \(messages)")
        }
        #expect(!messages.contains { $0.contains("WATCHDOG") }, "a watchdog nobody asked for")
        // SIGTERM and SIGINT alike: STOPPING=1, then a clean exit.
        #expect(cluster.terminate(0) == 0)
        let stopping = socket.receive(for: 5, until: "STOPPING=1")
        #expect(stopping.contains { $0.contains("STOPPING=1") })
        #expect(cluster.terminate(1, signal: SIGINT) == 0)
        let interrupted = socket.receive(for: 5, until: "STOPPING=1")
        #expect(interrupted.contains { $0.contains("STOPPING=1") })
    }

    /// With `WATCHDOG_USEC` set (systemd's `WatchdogSec=`), `WATCHDOG=1` comes at half the
    /// interval, from the loop that asks the member for its status, so a stuck member stops it.
    /// The socket goes unread until the member serves: a full socket queue (which blocks
    /// `sd_notify`) must not stop the member.
    @Test func theWatchdogIsFedAtHalfItsInterval() throws {
        let socket = try NotifySocket()
        let cluster = try ProcessCluster(.kvd, size: 1, environment: ["NOTIFY_SOCKET": socket.path, "WATCHDOG_USEC": "400000"])
        defer { cluster.stop() }
        _ = socket.receive(for: 20, until: "READY=1")
        let start = Date()
        let messages = socket.receive(for: 2)
        let feeds = messages.filter { $0 == "WATCHDOG=1" }.count
        let expected = Date().timeIntervalSince(start) / 0.2
        #expect(Double(feeds) >= expected * 0.5 && Double(feeds) <= expected * 1.5 + 1, "\(feeds) feeds in 2s: \(messages)")
    }

    /// The shipped unit file, pointed at the built binary and the example environment file.
    @Test func theUnitFilePassesSystemdAnalyzeVerify() throws {
        let scripts = Binaries.repository.appendingPathComponent("scripts/systemd")
        var unit = try String(contentsOf: scripts.appendingPathComponent("kvd.service"), encoding: .utf8)
        unit = unit.replacingOccurrences(of: "/usr/local/bin/kvd", with: Binaries.kvd.path)
            .replacingOccurrences(of: "/etc/default/kvd", with: scripts.appendingPathComponent("kvd.env").path)
            .replacingOccurrences(of: "User=kvd", with: "User=root")
            .replacingOccurrences(of: "Group=kvd", with: "Group=root")
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-unit-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let file = directory.appendingPathComponent("kvd.service")
        try unit.write(to: file, atomically: true, encoding: .utf8)
        let verify = try runCommand(URL(fileURLWithPath: "/usr/bin/systemd-analyze"), ["verify", file.path])
        #expect(verify.status == 0, "systemd-analyze verify: \(verify.stdout)\(verify.stderr)")
        #expect(unit.contains("Type=notify") && unit.contains("EnvironmentFile=") && unit.contains("LimitNOFILE=65536") && unit.contains("Restart=on-failure"))
    }
}
}
