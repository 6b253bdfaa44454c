import Foundation
import TestSupport
import Testing

extension Integration {
/// `kvctl watch -- COMMAND` and `kvctl watch -i` side by side with etcdctl's, on one kvd: the
/// same events, the same command environment, the same errors and exit statuses.
@Suite struct KvctlWatchTests {
    /// The current revision: a write's, read back from its `-w json` header.
    private func revision(_ endpoints: String) throws -> Int {
        let put = try Kvctl.run(["put", "revision-probe", "x", "-w", "json"], endpoints: endpoints)
        let match = try #require(put.stdout.firstMatch(of: /"revision":(\d+)/), "\(put)")
        return try #require(Int(match.1))
    }

    /// Runs the same watch through etcdctl and kvctl while `writes` happen, until both have
    /// printed `done` (bounded); then both are stopped and their outputs returned.
    private func watchBoth(_ arguments: [String], cluster: ProcessCluster, writes: [[String]],
                           done: String) throws -> (etcdctl: (stdout: String, stderr: String), kvctl: (stdout: String, stderr: String)) {
        let etcdctl = try ClientStream.etcdctl(arguments, endpoints: cluster.endpoints)
        let kvctl = try ClientStream.kvctl(arguments, endpoints: cluster.endpoints)
        for write in writes { #expect(try Kvctl.run(write, endpoints: cluster.endpoints).status == 0) }
        for stream in [etcdctl, kvctl] { stream.waitForOutput { $0.contains(done) } }
        return (etcdctl.stop(), kvctl.stop())
    }

    @Test func aCommandRunsForEachEventWithEtcdctlsEnvironment() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let start = try revision(cluster.endpoints) + 1
        let script = #"printf 'ran type=%s key=%s value=%s revision=%s\n' "$ETCD_WATCH_EVENT_TYPE" "$ETCD_WATCH_KEY" "$ETCD_WATCH_VALUE" "$ETCD_WATCH_REVISION""#
        let outputs = try watchBoth(["watch", "--prefix", "/cmd/", "--rev", String(start), "--", "sh", "-c", script],
                                    cluster: cluster,
                                    writes: [["put", "/cmd/a", "plain"], ["put", "/cmd/b", "tab\tand \"quotes\" é"],
                                             ["del", "/cmd/a"], ["put", "/cmd/end", "done"]],
                                    done: "key=\"/cmd/end\"")
        #expect(outputs.kvctl.stdout == outputs.etcdctl.stdout, "kvctl:\n\(outputs.kvctl.stdout)\netcdctl:\n\(outputs.etcdctl.stdout)")
        #expect(outputs.kvctl.stdout.contains(#"ran type="PUT" key="/cmd/b" value="tab\tand \"quotes\" é" revision="#),
                "\(outputs.kvctl.stdout)")
        #expect(outputs.kvctl.stdout.contains(#"ran type="DELETE" key="/cmd/a" value="""#), "\(outputs.kvctl.stdout)")
    }

    /// `--prev-kv` live and from history, in simple, json and fields: the same events, byte
    /// for byte, from kvd and from etcd.
    @Test func previousValuesAsEtcdctl() throws {
        try previousValues(on: .kvd)
    }

    @Test func previousValuesAsEtcdctlOnEtcd() throws {
        try previousValues(on: .etcd)
    }

    private func previousValues(on server: ProcessCluster.Server) throws {
        let cluster = try ProcessCluster(server, size: 1)
        defer { cluster.stop() }
        let start = String(try revision(cluster.endpoints) + 1)
        let writes = [["put", "pv/a", "1"], ["put", "pv/a", "2"], ["put", "pv/b", "x"], ["del", "pv/a"], ["put", "pv/end", "done"]]
        // Live: both watching (a probe key written until both have seen it), then the writes.
        let watches = try ["etcdctl", "kvctl"].map { tool in
            let arguments = ["watch", "--prefix", "pv/", "--prev-kv"]
            return tool == "kvctl" ? try ClientStream.kvctl(arguments, endpoints: cluster.endpoints)
                : try ClientStream.etcdctl(arguments, endpoints: cluster.endpoints)
        }
        for _ in 0..<40 where !watches.allSatisfy({ $0.output.contains("pv/0") }) {
            _ = try Kvctl.run(["put", "pv/0", "probe"], endpoints: cluster.endpoints)
            Thread.sleep(forTimeInterval: 0.25)
        }
        for write in writes { #expect(try Kvctl.run(write, endpoints: cluster.endpoints).status == 0) }
        for watch in watches { #expect(watch.waitForOutput { $0.contains("pv/end") }, "\(watch.output)") }
        let live = watches.map { watch in
            let output = watch.stop().stdout
            return output.firstRange(of: "PUT\npv/a\n").map { String(output[$0.lowerBound...]) } ?? output
        }
        #expect(live[1] == live[0], "kvctl:\n\(live[1])\netcdctl:\n\(live[0])")
        #expect(live[1].hasPrefix("PUT\npv/a\n1\nPUT\npv/a\n1\npv/a\n2\n"), "\(live[1])")
        for format in ["simple", "json", "fields"] {
            let history = try watchBoth(["watch", "--prefix", "pv/", "--prev-kv", "--rev", start, "-w", format],
                                        cluster: cluster, writes: [], done: format == "json" ? "cHYvZW5k" : "pv/end")
            #expect(history.kvctl.stdout == history.etcdctl.stdout,
                    "\(format): kvctl:\n\(history.kvctl.stdout)\netcdctl:\n\(history.etcdctl.stdout)")
            let deletion = ["simple": "DELETE\npv/a\n2\npv/a\n", "json": "\"prev_kv\":{\"key\":\"cHYvYQ==\"",
                            "fields": "\"Type\" : DELETE\n\"PrevKey\" : \"pv/a\""][format] ?? ""
            #expect(history.kvctl.stdout.contains(deletion), "\(format): \(history.kvctl.stdout)")
        }
    }

    /// The key may come from ETCDCTL_WATCH_KEY (and the range end from ETCDCTL_WATCH_RANGE_END).
    @Test func theKeyMayComeFromTheEnvironment() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let start = try revision(cluster.endpoints) + 1
        let environment = ["ETCDCTL_WATCH_KEY": "env/a", "ETCDCTL_WATCH_RANGE_END": "env/c"]
        let arguments = ["watch", "--rev", String(start), "--", "sh", "-c", #"echo "ran $ETCD_WATCH_KEY""#]
        let etcdctl = try ClientStream.etcdctl(arguments, endpoints: cluster.endpoints, environment: environment)
        let kvctl = try ClientStream.kvctl(arguments, endpoints: cluster.endpoints, environment: environment)
        for key in ["env/a", "env/b", "env/c", "env/b"] { _ = try Kvctl.run(["put", key, "v"], endpoints: cluster.endpoints) }
        for stream in [etcdctl, kvctl] { stream.waitForOutput { $0.components(separatedBy: "ran").count == 4 } }
        let expected = etcdctl.stop().stdout
        let actual = kvctl.stop().stdout
        #expect(actual == expected && actual.contains("ran \"env/b\""), "kvctl:\n\(actual)\netcdctl:\n\(expected)")
    }

    /// A command that fails ends the watch with status 1 and etcdctl's line on stderr.
    @Test func aFailingCommandEndsTheWatch() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        for command in [["false"], ["sh", "-c", "exit 3"], ["no-such-program-here"]] {
            let arguments = ["watch", "fail"] + ["--"] + command
            let etcdctl = try ClientStream.etcdctl(arguments, endpoints: cluster.endpoints)
            let kvctl = try ClientStream.kvctl(arguments, endpoints: cluster.endpoints)
            // Bounded: a put until both have seen one (a watch may still be starting).
            for _ in 0..<40 where etcdctl.isRunning || kvctl.isRunning {
                _ = try Kvctl.run(["put", "fail", "v"], endpoints: cluster.endpoints)
                Thread.sleep(forTimeInterval: 0.25)
            }
            let expectedStatus = etcdctl.waitForExit()
            let actualStatus = kvctl.waitForExit()
            #expect(expectedStatus == 1 && actualStatus == expectedStatus, "\(command): kvctl \(String(describing: actualStatus))")
            let expected = etcdctl.stop()
            let actual = kvctl.stop()
            #expect(actual.stderr == expected.stderr, "\(command): kvctl:\n\(actual.stderr)\netcdctl:\n\(expected.stderr)")
            #expect(actual.stdout.hasPrefix("PUT\nfail\nv\n"), "\(command): \(actual.stdout)")
        }
    }

    /// `watch -i`: watches added line by line (each with its own command), bad lines reported
    /// and skipped, and the end of stdin ending kvctl with status 3, all as etcdctl does.
    @Test func interactiveWatchesAsEtcdctl() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let start = String(try revision(cluster.endpoints) + 1)
        let lines = [
            "watch i/a --rev \(start)",
            "put i/a nope",
            "watch",
            "watch --prefix i/b i/c",
            "watch i/b --prefix --rev \(start) -- printenv ETCD_WATCH_KEY ETCD_WATCH_EVENT_TYPE",
            "watch i/end --rev \(start)",
        ]
        let etcdctl = try ClientStream.etcdctl(["watch", "-i"], endpoints: cluster.endpoints)
        let kvctl = try ClientStream.kvctl(["watch", "-i"], endpoints: cluster.endpoints)
        for stream in [etcdctl, kvctl] { for line in lines { stream.send(line) } }
        for write in [["put", "i/a", "1"], ["put", "i/b1", "2"], ["put", "i/c", "3"], ["del", "i/a"], ["put", "i/end", "x"]] {
            #expect(try Kvctl.run(write, endpoints: cluster.endpoints).status == 0)
        }
        for stream in [etcdctl, kvctl] {
            #expect(stream.waitForOutput { $0.contains("i/end") }, "\(stream.output)\(stream.errors)")
            stream.closeInput()
        }
        let expectedStatus = etcdctl.waitForExit()
        let actualStatus = kvctl.waitForExit()
        #expect(expectedStatus == 3 && actualStatus == expectedStatus, "kvctl exit \(String(describing: actualStatus))")
        let expected = etcdctl.stop()
        let actual = kvctl.stop()
        // Each watch prints in its own order relative to the others: compare event by event.
        #expect(Self.events(actual.stdout) == Self.events(expected.stdout), "kvctl:\n\(actual.stdout)\netcdctl:\n\(expected.stdout)")
        #expect(actual.stderr == expected.stderr, "kvctl:\n\(actual.stderr)\netcdctl:\n\(expected.stderr)")
        #expect(actual.stdout.contains("i/b1\n2\n\"i/b1\"\n\"PUT\"\n"), "\(actual.stdout)")
    }

    /// Simple-format watch output cut into events (each with its command's lines), sorted.
    static func events(_ output: String) -> [String] {
        var events: [String] = []
        for line in output.split(separator: "\n", omittingEmptySubsequences: false) {
            if line == "PUT" || line == "DELETE" || events.isEmpty { events.append("") }
            events[events.count - 1] += line + "\n"
        }
        return events.sorted()
    }

    /// Watch arguments etcdctl refuses are refused alike: the same status and message.
    @Test func badWatchArgumentsAsEtcdctl() throws {
        let endpoint = "127.0.0.1:\(try freePort())"
        let cases: [([String], [String: String])] = [
            (["watch"], [:]),
            (["watch", "k", "--"], [:]),
            (["watch", "--prefix", "a", "b"], [:]),
            (["watch", "k"], ["ETCDCTL_WATCH_KEY": "k"]),
            (["watch"], ["ETCDCTL_WATCH_RANGE_END": "z"]),
        ]
        for (arguments, environment) in cases {
            let expected = try runCommand(URL(fileURLWithPath: "/usr/bin/etcdctl"), ["--endpoints", endpoint] + arguments,
                                          environment: Etcdctl.environment.merging(environment) { $1 })
            let actual = try runCommand(Binaries.kvctl, ["--endpoints", endpoint] + arguments,
                                        environment: Kvctl.environment.merging(environment) { $1 })
            #expect(actual.status == expected.status && actual.status == 128, "\(arguments) \(environment): kvctl \(actual)")
            #expect(actual.stderr == expected.stderr, "\(arguments) \(environment): kvctl \(actual.stderr) etcdctl \(expected.stderr)")
        }
    }
}
}
