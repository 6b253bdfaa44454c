import Foundation
import TestSupport
import Testing

extension Integration {
/// Start-up refusals a bad environment file or a wrong data directory must get: kvd stops
/// before serving, with a message saying what is wrong.
@Suite struct BootstrapTests {
    private func kvd(_ arguments: [String]) throws -> CommandResult {
        try runCommand(Binaries.kvd, arguments, environment: Etcdctl.environment, timeoutSeconds: 20)
    }

    @Test func anInitialClusterWithoutThisMemberOrWithOtherURLsIsRefused() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-boot-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let peer = "http://127.0.0.1:\(try freePort())"
        let other = "http://127.0.0.1:\(try freePort())"
        let client = "http://127.0.0.1:\(try freePort())"
        let base = ["--data-dir", directory.path, "--listen-client-urls", client, "--advertise-client-urls", client,
                    "--listen-peer-urls", peer, "--initial-advertise-peer-urls", peer]

        let unnamed = try kvd(base + ["--name", "m9", "--initial-cluster", "m0=\(peer)"])
        #expect(unnamed.status != 0)
        #expect(unnamed.stderr.contains("couldn't find local name \"m9\" in the initial cluster configuration"), "\(unnamed.stderr)")

        let elsewhere = try kvd(base + ["--name", "m0", "--initial-cluster", "m0=\(other)"])
        #expect(elsewhere.status != 0)
        #expect(elsewhere.stderr.contains("--initial-cluster has m0=\(other) but missing from --initial-advertise-peer-urls=\(peer)"),
                "\(elsewhere.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.appendingPathComponent("member").path),
                "a refused start left a data directory behind")
    }

    /// A node told to find its cluster some way kvd does not serve yet must not bootstrap
    /// alone: three nodes doing so would be three clusters taking writes. Each such flag or
    /// variable, and any `ETCD_`/`KVD_` variable that names nothing, stops it before it serves
    /// or writes a data directory.
    @Test(arguments: [
        (["--discovery", "http://127.0.0.1:9/v2/keys/discovery/token"], [String: String](), "--discovery is not supported"),
        (["--discovery-srv=example.com"], [:], "--discovery-srv is not supported"),
        ([], ["ETCD_DISCOVERY_SRV": "example.com"], "ETCD_DISCOVERY_SRV: --discovery-srv is not supported"),
        ([], ["ETCD_DISCOVERY": "http://127.0.0.1:9/v2/keys/discovery/token"], "ETCD_DISCOVERY: --discovery is not supported"),
        ([], ["KVD_DISCOVERY_SRV": "example.com"], "KVD_DISCOVERY_SRV: --discovery-srv is not supported"),
        ([], ["ETCD_FORCE_NEW_CLUSTER": "true"], "ETCD_FORCE_NEW_CLUSTER: --force-new-cluster is not supported"),
        ([], ["ETCD_DISCOVERY_SRVV": "example.com"], "unrecognized environment variable ETCD_DISCOVERY_SRVV=example.com"),
        ([], ["KVD_FAILPOINTS": "walAfterSinc=panic"], "KVD_FAILPOINTS: unknown failpoint 'walAfterSinc'"),
    ])
    func anUnservedBootstrapFlagNeverServes(flags: [String], variables: [String: String], message: String) throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-split-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let peer = "http://127.0.0.1:\(try freePort())"
        let client = "http://127.0.0.1:\(try freePort())"
        let arguments = ["--name", "m0", "--data-dir", directory.path, "--listen-client-urls", client,
                         "--advertise-client-urls", client, "--listen-peer-urls", peer,
                         "--initial-advertise-peer-urls", peer] + flags
        let environment = Etcdctl.environment.merging(variables) { $1 }
        // A start that goes ahead serves until killed: runCommand's timeout fails the test.
        let result = try runCommand(Binaries.kvd, arguments, environment: environment, timeoutSeconds: 20)
        #expect(result.status != 0)
        #expect(result.stderr.contains(message), "\(result.stderr)")
        #expect(!FileManager.default.fileExists(atPath: directory.path), "a refused start left a data directory behind")
    }

    /// What etcd ignores, kvd ignores too: an empty variable is no setting, and
    /// `ETCD_UNSUPPORTED_ARCH` only matters to etcd on processors it does not support.
    @Test func emptyVariablesAndTheArchitectureSwitchAreNoSetting() throws {
        let cluster = try ProcessCluster(.kvd, size: 1, environment: ["ETCD_DISCOVERY_SRV": "", "ETCD_SNAPSHOT_COUNT": "",
                                                                     "ETCD_UNSUPPORTED_ARCH": "arm64"])
        defer { cluster.stop() }
        #expect(try Etcdctl.run(["put", "k", "v"], endpoints: cluster.endpoints).status == 0)
    }

    /// A data directory made for a cluster with another token is refused, and nothing in it
    /// changes; with its own token it restarts and serves its data.
    @Test func anotherClustersDataDirectoryIsRefused() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        #expect(try Etcdctl.run(["put", "mine", "1"], endpoints: cluster.endpoints).status == 0)
        cluster.terminate(0)
        let member = cluster.members[0]
        let data = cluster.root.appendingPathComponent("\(member.name).data")
        let walBefore = try walFiles(data)
        let refused = try kvd([
            "--name", member.name, "--data-dir", data.path,
            "--listen-client-urls", member.clientURL, "--advertise-client-urls", member.clientURL,
            "--listen-peer-urls", member.peerURL, "--initial-advertise-peer-urls", member.peerURL,
            "--initial-cluster", cluster.initialCluster, "--initial-cluster-token", "another-cluster",
        ])
        #expect(refused.status != 0)
        #expect(refused.stderr.contains("bootstrapped with --initial-cluster-token \"it-cluster\", not \"another-cluster\": it is another cluster's data directory"),
                "\(refused.stderr)")
        #expect(try walFiles(data) == walBefore, "the refused start changed the WAL")

        try cluster.start(0)
        try cluster.waitUntilServing()
        let value = try Etcdctl.run(["get", "mine", "--print-value-only"], endpoints: cluster.endpoints)
        #expect(value.stdout == "1\n", "\(value.stderr)")
    }

    /// Each WAL file with its size and modification time.
    private func walFiles(_ data: URL) throws -> [String] {
        let wal = data.appendingPathComponent("member/wal")
        return try FileManager.default.contentsOfDirectory(atPath: wal.path).sorted().map { name in
            let attributes = try FileManager.default.attributesOfItem(atPath: wal.appendingPathComponent(name).path)
            return "\(name) \(attributes[.size] ?? 0) \(attributes[.modificationDate] ?? "")"
        }
    }
}
}
