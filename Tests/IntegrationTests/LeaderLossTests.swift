import Foundation
import TestSupport
import Testing

extension Integration {
/// What clients see when members go: a member cut off from the others, a killed leader, a
/// member killed while writes are in flight.
@Suite struct LeaderLossTests {
    /// etcdctl's watch asks for a leader (`hasleader`): once its member has gone three
    /// election timeouts without one, the watch ends with "etcdserver: no leader", and a new
    /// watch there is refused at once, as etcd's are.
    @Test(.serialized, arguments: [ProcessCluster.Server.kvd, .etcd])
    func streamsThatRequireALeaderEndWhenTheMemberLosesIt(_ server: ProcessCluster.Server) throws {
        let cluster = try ProcessCluster(server, size: 3)
        defer { cluster.stop() }
        let endpoint = cluster.members[0].clientURL
        #expect(try Etcdctl.run(["put", "lonely", "1"], endpoints: endpoint).status == 0)
        // From history, so that its output shows the watch was running before the kills.
        let watch = try EtcdctlStream(["watch", "lonely", "--rev", "1"], endpoints: endpoint)
        Thread.sleep(forTimeInterval: 2)
        cluster.kill(1)
        cluster.kill(2)
        // Losing the leader takes up to an election timeout or two, then three more: 10 s is ample.
        let ended = watch.waitForExit(seconds: 10)
        if ended == nil { _ = watch.stop() }
        #expect(ended?.status == 5, "\(server): the watch went on without a leader\n\(cluster.logs())")
        #expect(ended?.stderr == "watch was canceled (etcdserver: no leader)\nError: watch is canceled by the server\n",
                "\(server): \(ended?.stderr ?? "")")
        #expect(ended?.stdout.contains("lonely\n1\n") == true, "\(server): \(ended?.stdout ?? "")")

        let refused = try EtcdctlStream(["watch", "lonely"], endpoints: endpoint)
        let again = refused.waitForExit(seconds: 10)
        if again == nil { _ = refused.stop() }
        #expect(again?.stderr == "watch was canceled (etcdserver: no leader)\nError: watch is canceled by the server\n",
                "\(server): \(again?.stderr ?? "still watching")")
    }

    /// kill -9 of the leader: the others elect a new one within a few election timeouts and
    /// take writes; the old leader comes back as a follower and catches up.
    @Test func aKilledLeaderIsReplacedAndCatchesUp() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        #expect(try Etcdctl.run(["put", "before", "1"], endpoints: cluster.endpoints).status == 0)
        let leader = try #require(try leaderIndex(cluster, among: [0, 1, 2]), "no leader\n\(cluster.logs())")
        cluster.kill(leader)
        let survivors = [0, 1, 2].filter { $0 != leader }
        let killed = Date()
        var newLeader: Int?
        // Bounded in count; the election itself takes one or two election timeouts (1 s each).
        for _ in 0..<50 where newLeader == nil {
            newLeader = try leaderIndex(cluster, among: survivors)
            if newLeader == nil { Thread.sleep(forTimeInterval: 0.1) }
        }
        let elapsed = Date().timeIntervalSince(killed)
        #expect(newLeader != nil, "no new leader\n\(cluster.logs())")
        #expect(elapsed < 5, "a new leader took \(elapsed) s (election timeout 1 s)")
        let others = survivors.map { cluster.members[$0].clientURL }.joined(separator: ",")
        #expect(try Etcdctl.run(["put", "after", "2"], endpoints: others).status == 0)

        try cluster.start(leader)
        try cluster.waitUntilServing()
        let hashes = try cluster.members.indices.map { try hashKV(cluster, $0) }
        #expect(Set(hashes).count == 1, "members disagree: \(hashes)\n\(cluster.logs())")
        let value = try Etcdctl.run(["get", "after", "--print-value-only", "--consistency", "s"],
                                    endpoints: cluster.members[leader].clientURL)
        #expect(value.stdout == "2\n")
    }

    /// SIGTERM stops taking requests but finishes those in flight: a write the leader holds
    /// while its followers are paused commits once they resume, even though the leader was
    /// told to stop meanwhile, because the peer side closes only after the clients' calls.
    @Test func aLeaderToldToStopFinishesTheWriteInFlight() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        let leader = try #require(try leaderIndex(cluster, among: [0, 1, 2]))
        let followers = [0, 1, 2].filter { $0 != leader }
        followers.forEach { cluster.signal($0, SIGSTOP) }
        defer { followers.forEach { cluster.signal($0, SIGCONT) } }
        let put = try EtcdctlStream(["--command-timeout", "5s", "put", "in-flight", "1"],
                                    endpoints: cluster.members[leader].clientURL)
        Thread.sleep(forTimeInterval: 0.3)
        cluster.signal(leader, SIGTERM)
        Thread.sleep(forTimeInterval: 0.2)
        followers.forEach { cluster.signal($0, SIGCONT) }
        let result = put.waitForExit(seconds: 10)
        if result == nil { _ = put.stop() }
        #expect(result?.status == 0 && result?.stdout == "OK\n", "\(result?.stderr ?? "put still running")\n\(cluster.logs())")
        let others = followers.map { cluster.members[$0].clientURL }.joined(separator: ",")
        let value = try Etcdctl.run(["get", "in-flight", "--print-value-only"], endpoints: others)
        #expect(value.stdout == "1\n", "\(value.stderr)")
    }

    /// A leader whose followers stop answering: a write on it times out with etcd's error
    /// after etcd's request timeout, and /health turns false once it has lost the quorum.
    @Test func aLeaderWithoutItsQuorumTimesOutWritesAndIsUnhealthyAsEtcd() throws {
        var outcomes: [ProcessCluster.Server: (status: Int32, stderr: String, health: String)] = [:]
        for server in [ProcessCluster.Server.etcd, .kvd] {
            let metricsPorts = try (0..<3).map { _ in try freePort() }
            let cluster = try ProcessCluster(server, size: 3, memberFlags: { name in
                ["--listen-metrics-urls", "http://127.0.0.1:\(metricsPorts[Int(name.dropFirst())!])"]
            })
            defer { cluster.stop() }
            let leader = try #require(try leaderIndex(cluster, among: [0, 1, 2]))
            let followers = [0, 1, 2].filter { $0 != leader }
            followers.forEach { cluster.signal($0, SIGSTOP) }
            defer { followers.forEach { cluster.signal($0, SIGCONT) } }
            let put = try Etcdctl.run(["--command-timeout", "20s", "put", "unreplicated", "1"],
                                      endpoints: cluster.members[leader].clientURL, timeoutSeconds: 30)
            let health = try runCommand(URL(fileURLWithPath: "/usr/bin/curl"),
                                        ["-s", "--max-time", "5", "http://127.0.0.1:\(metricsPorts[leader])/health"])
            outcomes[server] = (put.status, Normalize.output(put.stderr), health.stdout)
        }
        let (etcd, kvd) = (try #require(outcomes[.etcd]), try #require(outcomes[.kvd]))
        #expect(kvd.status == etcd.status && kvd.stderr == etcd.stderr, "kvd: \(kvd)\netcd: \(etcd)")
        #expect(etcd.stderr.contains("request timed out"), "\(etcd)")
        #expect(kvd.health == etcd.health && etcd.health == "{\"health\":\"false\"}\n", "kvd: \(kvd.health.debugDescription) etcd: \(etcd.health.debugDescription)")
    }

    /// A leader told to stop hands over first, as etcd's does: by the time its process has
    /// exited, another member already leads (without the hand-over the others would still
    /// name the stopped member for a whole election timeout), and writes go on.
    @Test func aStoppingLeaderHandsOverBeforeItExits() throws {
        let cluster = try ProcessCluster(.kvd, size: 3, flags: ["--election-timeout", "3000"])
        defer { cluster.stop() }
        let leader = try #require(try leaderIndex(cluster, among: [0, 1, 2]))
        let others = [0, 1, 2].filter { $0 != leader }
        cluster.terminate(leader)
        let successor = try leaderIndex(cluster, among: others)
        #expect(successor != nil, "no member leads right after the leader stopped\n\(cluster.logs())")
        #expect(cluster.logs().contains("leadership transferred before stopping"), "\(cluster.logs())")
        let endpoints = others.map { cluster.members[$0].clientURL }.joined(separator: ",")
        #expect(try Etcdctl.run(["put", "after-hand-over", "1"], endpoints: endpoints).status == 0)
    }

    /// Writers keep going from several clients while a member is killed with SIGKILL mid-load:
    /// every write that was acknowledged is on every member afterwards, with its value, and
    /// all members end with the same store (HashKV at the same revision).
    @Test func theLeaderKilledUnderConcurrentWritesLosesNoAcknowledgedWrite() throws {
        try killUnderConcurrentWrites(leader: true)
    }

    @Test func aFollowerKilledUnderConcurrentWritesLosesNoAcknowledgedWrite() throws {
        try killUnderConcurrentWrites(leader: false)
    }

    private func killUnderConcurrentWrites(leader killLeader: Bool) throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        let leader = try #require(try leaderIndex(cluster, among: [0, 1, 2]))
        let victim = killLeader ? leader : (leader + 1) % 3
        let writers = try (0..<4).map { try Writer(number: $0, endpoints: cluster.endpoints, directory: cluster.root) }
        defer { writers.forEach { $0.stop() } }
        Thread.sleep(forTimeInterval: 1.5)
        cluster.kill(victim)
        Thread.sleep(forTimeInterval: 3)
        try cluster.start(victim)
        try cluster.waitUntilServing()
        Thread.sleep(forTimeInterval: 1)
        var written: [String: String] = [:]
        for writer in writers { written.merge(try writer.finish()) { $1 } }
        #expect(written.count > 20, "too few writes acknowledged: \(written.count)\n\(cluster.logs())")
        // A write through the quorum: each member has applied everything before it once it shows.
        #expect(try Etcdctl.run(["put", "fence", "x"], endpoints: cluster.endpoints).status == 0)
        for (index, member) in cluster.members.enumerated() {
            var stored: [String: String] = [:]
            for _ in 0..<50 {
                stored = try storedValues(cluster, index)
                if stored["fence"] != nil { break }
                Thread.sleep(forTimeInterval: 0.1)
            }
            let lost = written.filter { stored[$0.key] != $0.value }.map(\.key).sorted()
            #expect(lost.isEmpty, "\(member.name) lost acknowledged writes: \(lost)\n\(cluster.logs())")
        }
        let hashes = try cluster.members.indices.map { try hashKV(cluster, $0) }
        #expect(Set(hashes).count == 1, "members disagree: \(hashes)")
    }

    /// One client writing keys `wN-i` in a loop through etcdctl, from a shell of its own (so
    /// several run at once without this process launching them in parallel), writing the key
    /// and value of each acknowledged put to a file. Bounded: 300 puts at most.
    private struct Writer {
        let process = Process()
        let acknowledged: URL
        let stopFile: URL

        init(number: Int, endpoints: String, directory: URL) throws {
            acknowledged = directory.appendingPathComponent("acknowledged-\(number)")
            stopFile = directory.appendingPathComponent("stop-writers")
            process.executableURL = URL(fileURLWithPath: "/bin/sh")
            process.arguments = ["-c", """
                for i in $(seq 0 299); do
                  [ -e "$STOP" ] && break
                  if etcdctl --endpoints "$ENDPOINTS" --dial-timeout 2s --command-timeout 5s put "w\(number)-$i" "v$i" >/dev/null 2>&1
                  then echo "w\(number)-$i v$i"; fi
                done > "$OUT"
                """]
            var environment = Etcdctl.environment
            environment["STOP"] = stopFile.path
            environment["ENDPOINTS"] = endpoints
            environment["OUT"] = acknowledged.path
            process.environment = environment
            process.standardOutput = FileHandle.nullDevice
            process.standardError = FileHandle.nullDevice
            try launching { try process.run() }
        }

        /// Tells it to stop, waits (bounded) and returns what it acknowledged.
        func finish() throws -> [String: String] {
            _ = FileManager.default.createFile(atPath: stopFile.path, contents: nil)
            let deadline = Date().addingTimeInterval(30)
            while process.isRunning && Date() < deadline { Thread.sleep(forTimeInterval: 0.05) }
            guard !process.isRunning else { throw IntegrationFailure("writer \(acknowledged.lastPathComponent) did not stop") }
            var values: [String: String] = [:]
            for line in try String(contentsOf: acknowledged, encoding: .utf8).split(separator: "\n") {
                let fields = line.split(separator: " ")
                if fields.count == 2 { values[String(fields[0])] = String(fields[1]) }
            }
            return values
        }

        func stop() {
            guard process.isRunning else { return }
            process.terminate()
            process.waitUntilExit()
        }
    }

    /// The index of the member that says it leads, among `candidates`, as `endpoint status` tells.
    private func leaderIndex(_ cluster: ProcessCluster, among candidates: [Int]) throws -> Int? {
        for index in candidates {
            let status = try Etcdctl.run(["endpoint", "status", "-w", "json"], endpoints: cluster.members[index].clientURL)
            guard let member = status.stdout.firstMatch(of: /"member_id":(\d+)/)?.1,
                  let leader = status.stdout.firstMatch(of: /"leader":(\d+)/)?.1, leader != "0" else { continue }
            if member == leader { return index }
        }
        return nil
    }

    /// Every key and value one member holds, read locally.
    private func storedValues(_ cluster: ProcessCluster, _ index: Int) throws -> [String: String] {
        let result = try Etcdctl.run(["get", "", "--prefix", "--consistency", "s"], endpoints: cluster.members[index].clientURL)
        let lines = result.stdout.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        var values: [String: String] = [:]
        var index = 0
        while index + 1 < lines.count {
            values[lines[index]] = lines[index + 1]
            index += 2
        }
        return values
    }

    /// One member's HashKV at its current revision, with the revision.
    private func hashKV(_ cluster: ProcessCluster, _ index: Int) throws -> String {
        let result = try Etcdctl.run(["endpoint", "hashkv", "-w", "json"], endpoints: cluster.members[index].clientURL)
        let hash = result.stdout.firstMatch(of: /"hash":(\d+)/)?.1 ?? "none"
        let revision = result.stdout.firstMatch(of: /"revision":(\d+)/)?.1 ?? "none"
        return "\(hash)@\(revision)"
    }
}
}
