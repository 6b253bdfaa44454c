import Foundation
import TestSupport
import Testing

extension Integration {
    /// `--quota-backend-bytes` and the NOSPACE alarm with the real etcdctl 3.4, on a kvd
    /// cluster and on an etcd 3.4 cluster started with the same small quota: fill the store past
    /// it, see writes refused and the alarm listed, compact and defragment, disarm, write again;
    /// then fill it again and see that disarming a store still over quota raises the alarm anew.
    /// What etcdctl prints must match, apart from ids, ports and revisions.
    ///
    /// One member each: in a larger etcd cluster, which members raise an alarm of their own
    /// depends on when each commits its backend (ServerTests cover kvd's three-member case).
    @Suite struct QuotaAlarmCompatibilityTests {
        static let quotaBytes = 400_000
        /// `/health` on a port of its own, for the steps that read it.
        static func metricsFlags() throws -> [String] { ["--listen-metrics-urls", "http://127.0.0.1:\(try freePort())"] }
        static var quotaFlags: [String] { ["--quota-backend-bytes", "\(quotaBytes)"] }
        /// Big values reach the quota in a few dozen puts on either store.
        static let value = String(repeating: "x", count: 20_000)

        /// Member ids print in decimal here, and revisions depend on how many puts filled the store.
        static func masked(_ text: String) -> String {
            Normalize.output(text)
                .replacingOccurrences(of: #"memberID:\d+"#, with: "memberID:ID", options: .regularExpression)
                .replacingOccurrences(of: #"compacted revision \d+"#, with: "compacted revision REV", options: .regularExpression)
        }

        @Test func nospaceIsRaisedListedAndDisarmedAsInEtcd() throws {
            let etcd = try ProcessCluster(.etcd, size: 1, flags: Self.quotaFlags + Self.metricsFlags())
            defer { etcd.stop() }
            let expected = try scenario(etcd)
            let kvd = try ProcessCluster(.kvd, size: 1, flags: Self.quotaFlags + Self.metricsFlags())
            defer { kvd.stop() }
            let actual = try scenario(kvd)
            // The scenario did reach the alarm and get past it (on etcd, so on kvd if they match).
            let printed = Dictionary(expected.map { ($0.step, $0.result.stdout) }) { first, _ in first }
            #expect(printed["alarm list after a restart"]?.contains("alarm:NOSPACE") == true, "\(expected)")
            #expect(printed["put after disarm"] == "OK\n", "\(expected)")
            #expect(printed["health while alarmed"] == #""health":"false""#, "\(expected)")
            #expect(printed["health after disarm"] == #""health":"true""#, "\(expected)")
            #expect(printed["alarm list once raised again"]?.contains("alarm:NOSPACE") == true, "\(expected)")
            #expect(actual.map(\.step) == expected.map(\.step))
            for (mine, theirs) in zip(actual, expected) {
                #expect(mine.result.status == theirs.result.status,
                        "\(mine.step): exit \(mine.result.status), etcd \(theirs.result.status)\n\(mine.result.stderr)")
                #expect(Self.masked(mine.result.stdout) == Self.masked(theirs.result.stdout),
                        "\(mine.step) printed:\n\(mine.result.stdout)\netcd printed:\n\(theirs.result.stdout)")
                #expect(Self.masked(mine.result.stderr) == Self.masked(theirs.result.stderr),
                        "\(mine.step) error:\n\(mine.result.stderr)\netcd error:\n\(theirs.result.stderr)")
            }
        }

        private func scenario(_ cluster: ProcessCluster) throws -> [(step: String, result: CommandResult)] {
            let endpoint = cluster.members[0].clientURL
            var steps: [(step: String, result: CommandResult)] = []
            func run(_ step: String, _ arguments: [String], stdin: String? = nil) throws {
                steps.append((step, try Etcdctl.run(arguments, endpoints: endpoint, stdin: stdin)))
            }

            func health(_ step: String) throws {
                let flag = cluster.flags.firstIndex(of: "--listen-metrics-urls").map { cluster.flags[$0 + 1] } ?? "none"
                var result = try runCommand(URL(fileURLWithPath: "/usr/bin/curl"), ["-sS", "--max-time", "5", "\(flag)/health"])
                // The verdict alone: etcd may add more after it.
                result.stdout = result.stdout.firstMatch(of: /"health":"[a-z]+"/).map { String($0.0) } ?? result.stdout
                steps.append((step, result))
            }

            try run("put before", ["put", "kept", "1"])
            try health("health before")
            steps.append(("put past the quota", try fill(endpoint, cluster: cluster)))
            try run("alarm list", ["alarm", "list"])
            cluster.terminate(0)
            try cluster.start(0)
            try cluster.waitUntilServing()
            try run("alarm list after a restart", ["alarm", "list"])
            steps.append(("status errors", try statusErrors(endpoint)))
            try health("health while alarmed")
            try run("put while alarmed", ["put", "small", "v"])
            try run("txn with a put while alarmed", ["txn"], stdin: "\nput small v\n\n\n")
            try run("lease grant while alarmed", ["lease", "grant", "60"])
            try run("get while alarmed", ["get", "kept"])
            try run("del while alarmed", ["del", "fill"])
            try run("compaction", ["compaction", try revision(endpoint)])
            try run("defrag", ["defrag"])
            try run("put after defrag, still alarmed", ["put", "small", "v"])
            try run("alarm disarm", ["alarm", "disarm"])
            try run("alarm list after disarm", ["alarm", "list"])
            try run("put after disarm", ["put", "small", "v"])
            try health("health after disarm")
            try run("alarm disarm with no alarm", ["alarm", "disarm"])
            steps.append(("status errors after disarm", try statusErrors(endpoint)))

            steps.append(("put past the quota again", try fill(endpoint, cluster: cluster)))
            try waitUntilReportedFull(endpoint, cluster: cluster)
            try run("alarm disarm over the quota", ["alarm", "disarm"])
            try run("put still over the quota", ["put", "fill", Self.value])
            try run("alarm list once raised again", ["alarm", "list"])
            return steps
        }

        /// Overwrites one key with big values until a put fails (bounded); returns that put.
        private func fill(_ endpoint: String, cluster: ProcessCluster) throws -> CommandResult {
            for _ in 0..<200 {
                let result = try Etcdctl.run(["put", "fill", Self.value], endpoints: endpoint)
                if result.status != 0 { return result }
            }
            throw IntegrationFailure("\(cluster.server) took 200 puts of 20 kB under a 400 kB quota\n\(cluster.logs())")
        }

        /// etcd judges the quota by the size its backend last committed (every 100 ms or so):
        /// until Status reports the store too full for another value, a put may still pass.
        private func waitUntilReportedFull(_ endpoint: String, cluster: ProcessCluster) throws {
            for _ in 0..<100 {
                let status = try Etcdctl.run(["endpoint", "status", "-w", "json"], endpoints: endpoint).stdout
                if let size = status.firstMatch(of: /"dbSize":(\d+)/).flatMap({ Int($0.1) }),
                   size + Self.value.utf8.count > Self.quotaBytes { return }
                Thread.sleep(forTimeInterval: 0.1)
            }
            throw IntegrationFailure("\(cluster.server) never reported a store over its quota\n\(cluster.logs())")
        }

        private func revision(_ endpoint: String) throws -> String {
            let status = try Etcdctl.run(["endpoint", "status", "-w", "json"], endpoints: endpoint)
            guard let match = status.stdout.firstMatch(of: /"revision":(\d+)/) else {
                throw IntegrationFailure("no revision in endpoint status: \(status.stdout)\(status.stderr)")
            }
            return String(match.1)
        }

        /// The Status `errors` field alone (the sizes and indexes around it differ).
        private func statusErrors(_ endpoint: String) throws -> CommandResult {
            var status = try Etcdctl.run(["endpoint", "status", "-w", "json"], endpoints: endpoint)
            status.stdout = status.stdout.firstMatch(of: /"errors":\[[^\]]*\]/).map { String($0.0) } ?? "no errors field"
            return status
        }
    }
}
