import Foundation
import TestSupport
import Testing

extension Integration {
/// kvd's flags as a running process takes them: from the environment as an etcd environment
/// file sets them, the request limits, a WAL directory of its own, logging, the version, and
/// the defaults of a kvd started with no flags at all.
@Suite struct ConfigurationTests {
    /// `ETCD_<FLAG>` fills a flag the command line left out and `KVD_<FLAG>` beats it; the
    /// limits it sets are the ones requests meet, with etcd's errors.
    @Test func environmentVariablesSetTheFlagsKvdsBeforeEtcds() throws {
        let cluster = try ProcessCluster(.kvd, size: 1, environment: ["KVD_MAX_TXN_OPS": "2", "ETCD_MAX_TXN_OPS": "100"],
                                         flags: ["--max-request-bytes", "4096"], configuration: .environmentFile)
        defer { cluster.stop() }
        let two = try Etcdctl.run(["txn"], endpoints: cluster.endpoints, stdin: "\nput a 1\nput b 2\n\n\n")
        #expect(two.status == 0, "\(two)")
        let three = try Etcdctl.run(["txn"], endpoints: cluster.endpoints, stdin: "\nput a 1\nput b 2\nput c 3\n\n\n")
        #expect(three.status == 1 && three.stderr.hasSuffix("Error: etcdserver: too many operations in txn request\n"), "\(three)")
        #expect(try Etcdctl.run(["put", "small", String(repeating: "x", count: 3_000)], endpoints: cluster.endpoints).status == 0)
        let big = try Etcdctl.run(["put", "big", String(repeating: "x", count: 5_000)], endpoints: cluster.endpoints)
        #expect(big.status == 1 && big.stderr.hasSuffix("Error: etcdserver: request is too large\n"), "\(big)")
    }

    /// A flag given on the command line and in the environment is refused, in etcd's words.
    @Test func aFlagSetTwiceIsRefused() throws {
        let conflict = try runCommand(Binaries.kvd, ["--name", "x"], environment: ["ETCD_NAME": "y", "PATH": "/usr/bin:/bin"])
        #expect(conflict.status != 0)
        #expect(conflict.stderr.contains(#"conflicting environment variable "ETCD_NAME" is shadowed by corresponding command-line flag (either unset environment variable or disable flag)"#),
                "\(conflict)")
        // A boolean turned off on the command line counts as given too.
        let negated = try runCommand(Binaries.kvd, ["--no-strict-reconfig-check"],
                                     environment: ["ETCD_STRICT_RECONFIG_CHECK": "true", "PATH": "/usr/bin:/bin"])
        #expect(negated.status != 0)
        #expect(negated.stderr.contains(#"conflicting environment variable "ETCD_STRICT_RECONFIG_CHECK" is shadowed"#),
                "\(negated)")
    }

    /// `--wal-dir`: the log lives there, not under the data directory, and an acknowledged
    /// write survives kill -9 through it.
    @Test func aSeparateWALDirectoryHoldsTheLog() throws {
        let wal = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-waldir-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: wal) }
        let cluster = try ProcessCluster(.kvd, size: 1, flags: ["--wal-dir", wal.path])
        defer { cluster.stop() }
        #expect(try Etcdctl.run(["put", "durable", "1"], endpoints: cluster.endpoints).status == 0)
        cluster.kill(0)
        let segments = try FileManager.default.contentsOfDirectory(atPath: wal.path).filter { $0.hasSuffix(".wal") }
        #expect(!segments.isEmpty, "no WAL in --wal-dir")
        let inData = cluster.root.appendingPathComponent("m0.data/member/wal").path
        #expect(!FileManager.default.fileExists(atPath: inData), "a WAL under the data directory too")
        try cluster.start(0)
        try cluster.waitUntilServing()
        let value = try Etcdctl.run(["get", "durable", "--print-value-only"], endpoints: cluster.endpoints)
        #expect(value.stdout == "1\n", "\(value)\n\(cluster.logs())")
    }

    /// `--log-format json` writes one JSON object per line with etcd's field names;
    /// `--log-level warn` leaves out the info lines.
    @Test func logFormatAndLevel() throws {
        let json = try ProcessCluster(.kvd, size: 1, flags: ["--log-format", "json"])
        // Serving comes before readiness (which waits for the member's publish): wait for its line.
        var jsonLog = json.logs()
        for _ in 0..<100 where !jsonLog.contains("ready to serve client requests") {
            Thread.sleep(forTimeInterval: 0.1)
            jsonLog = json.logs()
        }
        json.stop()
        let lines = jsonLog.split(separator: "\n").filter { $0.hasPrefix("{") }
        #expect(!lines.isEmpty, "\(jsonLog)")
        for line in lines {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["level"] is String && object?["msg"] is String && object?["ts"] != nil, "\(line)")
        }
        #expect(lines.contains { $0.contains("\"msg\":\"ready to serve client requests\"") }, "\(jsonLog)")

        let quiet = try ProcessCluster(.kvd, size: 1, flags: ["--log-level", "warn"])
        let quietLog = quiet.logs()
        quiet.stop()
        #expect(!quietLog.contains(" info "), "\(quietLog)")
    }

    /// `--version` in etcd's shape: the first line names the program and its version.
    @Test func versionInEtcdsShape() throws {
        let kvd = try runCommand(Binaries.kvd, ["--version"])
        let etcd = try runCommand(URL(fileURLWithPath: "/usr/bin/etcd"), ["--version"])
        #expect(kvd.status == 0 && etcd.status == 0)
        #expect(etcd.stdout.hasPrefix("etcd Version: 3.4."), "\(etcd)")
        #expect(kvd.stdout.wholeMatch(of: /kvd Version: \d+\.\d+\.\d+\nAPI Version: 3\.4\n/) != nil, "\(kvd)")
    }

    /// The README's run command: no flags at all gives a member named `default`, clients on
    /// localhost:2379, peers on localhost:2380 and data in ./default.kvd. Those ports are
    /// fixed, so it runs in a network namespace of its own.
    @Test func noFlagsRunsEtcdsDefaultMember() throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-defaults-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: directory) }
        let script = """
            set -u
            ip link set lo up
            cd "$1"
            "$2" > kvd.log 2>&1 &
            kvd=$!
            # Until the member has published its client URLs (etcd serves nothing before).
            for _ in $(seq 1 100); do
              etcdctl --dial-timeout 1s member list 2>/dev/null | grep -q 2379 && break
              sleep 0.2
            done
            etcdctl member list -w fields | grep -E '"(Name|PeerURL|ClientURL)"'
            etcdctl put k v >/dev/null && ls -d default.kvd/member/wal default.kvd/member/snap
            kill "$kvd"; wait "$kvd"
            echo "exit $?"
            """
        var environment = Etcdctl.environment
        environment["ETCDCTL_ENDPOINTS"] = nil
        let result = try runCommand(URL(fileURLWithPath: "/usr/bin/unshare"),
                                    ["--net", "/bin/bash", "-c", script, "bash", directory.path, Binaries.kvd.path],
                                    environment: environment, timeoutSeconds: 60)
        #expect(result.stdout == """
            "Name" : "default"
            "PeerURL" : "http://localhost:2380"
            "ClientURL" : "http://localhost:2379"
            default.kvd/member/snap
            default.kvd/member/wal
            exit 0

            """, "\(result)\n\((try? String(contentsOf: directory.appendingPathComponent("kvd.log"), encoding: .utf8)) ?? "")")
    }
}
}
