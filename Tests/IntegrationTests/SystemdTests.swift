import Foundation
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
        let status = socket.receive(for: 3, until: "STATUS=")
        #expect(status.contains { $0.contains("STATUS=") && $0.contains("term=") })
        cluster.terminate(0)
        let stopping = socket.receive(for: 5, until: "STOPPING=1")
        #expect(stopping.contains { $0.contains("STOPPING=1") })
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
        #expect(unit.contains("Type=notify") && unit.contains("EnvironmentFile=") && unit.contains("LimitNOFILE=65536"))
    }
}
}
