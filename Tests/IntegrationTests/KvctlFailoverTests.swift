import Foundation
import TestSupport
import Testing

/// A loopback address that never answers a connection: a listening socket whose accept queue
/// is full (and never drained), so the kernel drops further SYNs, as a firewall does.
final class BlackholedAddress {
    private var descriptors: [Int32] = []
    let port: Int

    init() throws {
        let listener = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        guard listener >= 0 else { throw IntegrationFailure("socket: \(errno)") }
        descriptors.append(listener)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let bound = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) {
                bind(listener, $0, length) == 0 && getsockname(listener, $0, &length) == 0 && listen(listener, 0) == 0
            }
        }
        guard bound else { throw IntegrationFailure("bind/listen: \(errno)") }
        port = Int(UInt16(bigEndian: address.sin_port))
        // Fill the accept queue: these connections are never accepted.
        for _ in 0..<3 {
            let filler = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
            guard filler >= 0 else { throw IntegrationFailure("socket: \(errno)") }
            descriptors.append(filler)
            _ = fcntl(filler, F_SETFL, fcntl(filler, F_GETFL) | O_NONBLOCK)
            _ = withUnsafePointer(to: &address) {
                $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(filler, $0, length) }
            }
        }
        Thread.sleep(forTimeInterval: 0.2)
    }

    var endpoint: String { "127.0.0.1:\(port)" }

    deinit {
        for descriptor in descriptors { close(descriptor) }
    }
}

extension Integration {
/// kvctl moving past endpoints that fail: a blackholed address costs the dial timeout, not the
/// command timeout, and a broken watch resumes on the next member as often as members fail.
@Suite struct KvctlFailoverTests {
    @Test func aBlackholedEndpointFailsOverAfterTheDialTimeout() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let hole = try BlackholedAddress()
        // The command timeout is longer than the runner waits: only the dial timeout can
        // let these finish.
        let flags = ["--endpoints", "\(hole.endpoint),\(cluster.endpoints)", "--dial-timeout", "1s", "--command-timeout", "60s"]
        let put = try runCommand(Binaries.kvctl, flags + ["put", "k", "v"], environment: Kvctl.environment, timeoutSeconds: 30)
        #expect(put.status == 0 && put.stdout == "OK\n", "\(put)")

        let alone = try runCommand(Binaries.kvctl, ["--endpoints", hole.endpoint, "--dial-timeout", "1s", "--command-timeout", "60s",
                                                    "get", "k"], environment: Kvctl.environment, timeoutSeconds: 30)
        #expect(alone.status == 2, "\(alone)")
        #expect(alone.stderr == "Error: no endpoint could be reached: \(hole.endpoint): no connection within the dial timeout\n", "\(alone)")

        // A watch, which has no command timeout, moves past it as well.
        let watch = try ClientStream.kvctl(["--dial-timeout", "1s", "watch", "k"], endpoints: "\(hole.endpoint),\(cluster.endpoints)")
        defer { watch.stop() }
        for attempt in 0..<20 where !watch.output.contains("after") {
            _ = try Kvctl.run(["put", "k", "after"], endpoints: cluster.endpoints)
            watch.waitForOutput(seconds: 0.5 + Double(attempt) * 0.1) { $0.contains("after") }
        }
        #expect(watch.output.hasPrefix("PUT\nk\nafter\n"), "\(watch.output)\(watch.errors)")
    }

    /// The watch's member is killed three times over, so it comes back to the first endpoint:
    /// each time it resumes on the next one, after the last revision it printed, losing and
    /// repeating nothing.
    @Test func aBrokenWatchResumesOnTheNextMemberEachTime() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        let endpoints = cluster.members.map(\.clientURL)
        let watch = try ClientStream.kvctl(["--dial-timeout", "1s", "watch", "--prefix", "/r/", "-w", "lines"],
                                           endpoints: endpoints.joined(separator: ","))
        defer { watch.stop() }
        // Bounded: puts until the watch is known to be live.
        for attempt in 0..<20 where !watch.output.contains("/r/0") {
            _ = try Kvctl.run(["put", "/r/0", "start"], endpoints: cluster.endpoints)
            watch.waitForOutput(seconds: 0.5 + Double(attempt) * 0.1) { $0.contains("/r/0") }
        }
        #expect(watch.output.contains("PUT\t/r/0\tstart\n"), "\(watch.output)\(watch.errors)")

        // kvctl watches through m0 first, then moves on in endpoint order: m1, m2, m0 again.
        for (round, victim) in [0, 1, 2].enumerated() {
            cluster.kill(victim)
            let survivors = cluster.members.filter { $0.process != nil }.map(\.clientURL).joined(separator: ",")
            try cluster.waitUntilServing()
            let put = try Kvctl.run(["put", "/r/\(round + 1)", "after-\(victim)"], endpoints: survivors)
            #expect(put.status == 0, "\(put)")
            #expect(watch.waitForOutput { $0.contains("/r/\(round + 1)\tafter-\(victim)") },
                    "round \(round): \(watch.output)\(watch.errors)\n\(cluster.logs())")
            try cluster.start(victim)
            try cluster.waitUntilServing()
        }
        #expect(watch.isRunning, "\(watch.errors)")
        let output = watch.stop().stdout
        let events = output.split(separator: "\n").filter { !$0.contains("/r/0") }
        #expect(events == ["PUT\t/r/1\tafter-0", "PUT\t/r/2\tafter-1", "PUT\t/r/3\tafter-2"], "\(output)")
    }
    /// A member that hangs (SIGSTOP: its connections stay open, silent) is noticed by the
    /// keepalive pings (`--keepalive-time`, `--keepalive-timeout`), and the watch moves on;
    /// without them it would wait on the frozen member for ever.
    @Test func aHungMemberIsNoticedByKeepalive() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        let endpoints = cluster.members.map(\.clientURL).joined(separator: ",")
        let watch = try ClientStream.kvctl(["--dial-timeout", "1s", "--keepalive-time", "10s", "--keepalive-timeout", "2s",
                                            "watch", "/hang", "-w", "lines"], endpoints: endpoints)
        defer { watch.stop() }
        for attempt in 0..<20 where !watch.output.contains("before") {
            _ = try Kvctl.run(["put", "/hang", "before"], endpoints: cluster.endpoints)
            watch.waitForOutput(seconds: 0.5 + Double(attempt) * 0.1) { $0.contains("before") }
        }
        #expect(watch.output.contains("PUT\t/hang\tbefore\n"), "\(watch.output)\(watch.errors)")
        // kvctl watches through m0, the first endpoint.
        cluster.signal(0, SIGSTOP)
        defer { cluster.signal(0, SIGCONT) }
        let survivors = cluster.members.dropFirst().map(\.clientURL).joined(separator: ",")
        var put = try Kvctl.run(["put", "/hang", "after"], endpoints: survivors)
        for _ in 0..<10 where put.status != 0 {
            Thread.sleep(forTimeInterval: 0.5)
            put = try Kvctl.run(["put", "/hang", "after"], endpoints: survivors)
        }
        #expect(put.status == 0, "\(put)")
        #expect(watch.waitForOutput(seconds: 30) { $0.contains("PUT\t/hang\tafter") }, "\(watch.output)\(watch.errors)")
        #expect(watch.isRunning, "\(watch.errors)")
    }

    /// `lease keep-alive` renews until the lease is gone, moving to the next member when its
    /// own dies; the lease outlives several TTLs, and a revoke ends kvctl as it ends etcdctl.
    @Test func aContinuousKeepAliveOutlivesItsMember() throws {
        let cluster = try ProcessCluster(.kvd, size: 3)
        defer { cluster.stop() }
        let grant = try Kvctl.run(["lease", "grant", "4"], endpoints: cluster.endpoints)
        let lease = String(try #require(grant.stdout.firstMatch(of: /lease ([0-9a-f]+) granted/), "\(grant)").1)
        #expect(try Kvctl.run(["put", "kept", "alive", "--lease", lease], endpoints: cluster.endpoints).status == 0)
        let keepAlive = try ClientStream.kvctl(["--dial-timeout", "1s", "lease", "keep-alive", lease], endpoints: cluster.endpoints)
        defer { keepAlive.stop() }
        let renewed = { (count: Int) in keepAlive.waitForOutput(seconds: 30) { $0.components(separatedBy: "keepalived with TTL(4)").count > count } }
        #expect(renewed(2), "\(keepAlive.output)\(keepAlive.errors)")

        cluster.kill(0)
        try cluster.waitUntilServing()
        let before = keepAlive.output.components(separatedBy: "keepalived").count - 1
        // Renewals go on through m1 for longer than the TTL.
        #expect(renewed(before + 6), "\(keepAlive.output)\(keepAlive.errors)\n\(cluster.logs())")
        let survivors = cluster.members.dropFirst().map(\.clientURL).joined(separator: ",")
        let kept = try Kvctl.run(["get", "kept", "--print-value-only"], endpoints: survivors)
        #expect(kept.stdout == "alive\n", "the lease expired: \(kept)")

        #expect(try Kvctl.run(["lease", "revoke", lease], endpoints: survivors).status == 0)
        #expect(keepAlive.waitForExit(seconds: 30) == 0, "\(keepAlive.output)\(keepAlive.errors)")
        #expect(keepAlive.output.hasSuffix("lease \(lease) expired or revoked.\n"), "\(keepAlive.output)")
    }
}
}
