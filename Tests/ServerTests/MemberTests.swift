import Foundation
import LogEntries
import MVCC
@testable import Member
import Raft
import Testing
@testable import Server

/// Members with real disks in one temporary directory, on one in-process network.
final class Cluster {
    let root: String
    let network = LocalNetwork()
    let voters: [NodeID]
    var members: [NodeID: Member] = [:]

    /// Applied to every member's configuration (e.g. frequent snapshots).
    var tune: (inout MemberConfig) -> Void = { _ in }

    init(voters: [NodeID], tune: @escaping (inout MemberConfig) -> Void = { _ in }) throws {
        self.tune = tune
        root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-member-\(UUID().uuidString)").path
        self.voters = voters
        for id in voters { try start(id) }
    }

    func config(_ id: NodeID) -> MemberConfig {
        var config = MemberConfig(id: id, clusterID: 0xC1, initialVoters: voters, dataDirectory: "\(root)/\(id)")
        config.requestTimeoutTicks = 2_000
        config.cluster = ClusterInfo(clusterID: 0xC1, members: voters.map { id in
            MemberInfo(id: id, name: "m\(id)", peerURLs: ["http://127.0.0.1:\(2380 + id)"],
                       clientURLs: ["http://127.0.0.1:\(2379 + 10 * id)"])
        })
        config.attributes = MemberAttributes(id: id, name: "m\(id)", clientURLs: ["http://127.0.0.1:\(2379 + 10 * (id % 1_000))"])
        tune(&config)
        return config
    }

    func start(_ id: NodeID) throws {
        try start(id, config: config(id))
    }

    /// Starts a member that joins the running cluster after a MemberAdd, knowing the membership
    /// as a running member tells it (what `--initial-cluster-state existing` asks a peer for).
    func join(_ id: NodeID, knowing cluster: ClusterInfo) throws {
        var joining = config(id)
        joining.initialVoters = []
        joining.cluster = cluster
        try start(id, config: joining)
    }

    private func start(_ id: NodeID, config: MemberConfig) throws {
        let member = try Member(config: config, transport: network)
        members[id] = member
        network.attach(member)
        Task { await member.start(tickInterval: memberTick) }
    }

    func stop(_ id: NodeID) async throws {
        network.detach(id)
        try await members.removeValue(forKey: id)?.stop()
    }

    /// Waits (bounded) for a leader among the running members.
    func leader() async throws -> Member {
        for _ in 0..<2_000 {
            for member in members.values where await member.status.softState.role == .leader {
                return member
            }
            try await Task.sleep(for: .milliseconds(5))
        }
        throw MemberError.noLeader
    }

    func shutdown() async {
        for id in Array(members.keys) { try? await stop(id) }
        try? FileManager.default.removeItem(atPath: root)
    }
}

/// Runs `body` on a fresh cluster and always shuts it down, so no member outlives its test.
func withCluster(_ voters: [NodeID], tune: @escaping (inout MemberConfig) -> Void = { _ in },
                 _ body: (Cluster) async throws -> Void) async throws {
    let cluster = try Cluster(voters: voters, tune: tune)
    do {
        try await body(cluster)
    } catch {
        await cluster.shutdown()
        throw error
    }
    await cluster.shutdown()
}

let memberTick = Duration.milliseconds(5)

/// Real members (WAL and LMDB in temporary directories) over an in-process network.
@Suite struct MemberTests {
    static func put(_ key: String, _ value: String) -> Request {
        .put(PutRequest(key: Array(key.utf8), value: Array(value.utf8)))
    }

    static func value(of key: String, in member: Member) throws -> String? {
        let response = try member.store.range(RangeRequest(key: Array(key.utf8)))
        return response.kvs.first.map { String(decoding: $0.value, as: UTF8.self) }
    }

    @Test func aSingleMemberAppliesWritesAndKeepsThemAcrossARestart() async throws {
        try await withCluster([1]) { cluster in
            let member = try await cluster.leader()
            let response = try await member.propose(Self.put("/a", "1"))
            #expect(response.revision == 2)
            try await member.linearizableRead()
            #expect(try Self.value(of: "/a", in: member) == "1")

            try await cluster.stop(1)
            try cluster.start(1)
            let restarted = try await cluster.leader()
            #expect(try Self.value(of: "/a", in: restarted) == "1")
            let next = try await restarted.propose(Self.put("/a", "2"))
            #expect(next.revision == 3)
        }
    }

    @Test func threeMembersReplicateAndSurviveLosingTheLeader() async throws {
        try await withCluster([1, 2, 3]) { cluster in
            var leader = try await cluster.leader()
            for i in 0..<20 { _ = try await leader.propose(Self.put("/k\(i)", "v\(i)")) }

            let oldLeader = leader.id
            try await cluster.stop(oldLeader)
            leader = try await cluster.leader()
            #expect(leader.id != oldLeader)
            _ = try await leader.propose(Self.put("/after", "failover"))

            try cluster.start(oldLeader)
            let rejoined = cluster.members[oldLeader]!
            try await rejoined.linearizableRead()
            #expect(try Self.value(of: "/after", in: rejoined) == "failover")
            #expect(try Self.value(of: "/k19", in: rejoined) == "v19")
            let revisions = try cluster.members.values.map { try $0.store.state().revision }
            #expect(Set(revisions).count == 1, "members disagree on the revision: \(revisions)")
        }
    }

    /// A member that missed more than the log keeps gets the leader's store as a snapshot.
    @Test func aFollowerBehindTheCompactedLogCatchesUpFromASnapshot() async throws {
        try await withCluster([1, 2, 3], tune: { $0.snapshotCount = 10; $0.snapshotCatchUpEntries = 2 }) { cluster in
            var leader = try await cluster.leader()
            let absent = cluster.voters.first { $0 != leader.id }!
            try await cluster.stop(absent)
            leader = try await cluster.leader()
            for i in 0..<60 { _ = try await leader.propose(Self.put("/snap\(i)", "\(i)")) }
            _ = try await leader.propose(.deleteRange(DeleteRangeRequest(key: Array("/snap0".utf8))))
            try cluster.start(absent)
            let returning = cluster.members[absent]!
            try await returning.linearizableRead()
            #expect(try Self.value(of: "/snap59", in: returning) == "59")
            #expect(try Self.value(of: "/snap0", in: returning) == nil)
            #expect(try returning.store.state().revision == leader.store.state().revision)
            let leftovers = try FileManager.default.contentsOfDirectory(atPath: returning.snapshotDirectory)
                .filter { $0.hasSuffix(".db") && $0 != "db" }
            #expect(leftovers.isEmpty, "snapshot files left behind: \(leftovers)")
        }
    }

    @Test func aFollowerAnswersALinearizableReadAfterCatchingUp() async throws {
        try await withCluster([1, 2, 3]) { cluster in
            let leader = try await cluster.leader()
            let follower = cluster.members.values.first { $0.id != leader.id }!
            _ = try await leader.propose(Self.put("/x", "fresh"))
            try await follower.linearizableRead()
            #expect(try Self.value(of: "/x", in: follower) == "fresh")
        }
    }

    @Test func storeErrorsReachTheProposer() async throws {
        try await withCluster([1]) { cluster in
            let member = try await cluster.leader()
            await #expect(throws: MVCCError.self) {
                _ = try await member.propose(.leaseRevoke(id: 42))
            }
        }
    }

    /// A single member's config that snapshots every 10 entries, keeping 2 behind.
    private static func snapshottingConfig(_ root: String) -> MemberConfig {
        var config = MemberConfig(id: 1, clusterID: 7, initialVoters: [1], dataDirectory: root)
        config.snapshotCount = 10
        config.snapshotCatchUpEntries = 2
        return config
    }

    /// Starts a single member and waits (bounded) until it leads.
    private static func startSoleMember(_ config: MemberConfig, on network: LocalNetwork) async throws -> Member {
        let member = try Member(config: config, transport: network)
        network.attach(member)
        await member.start(tickInterval: memberTick)
        for _ in 0..<200 where await member.status.softState.role != .leader { try await Task.sleep(for: .milliseconds(5)) }
        return member
    }

    @Test func snapshotsReleaseTheLogAndARestartReplaysFromThem() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-snap-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let network = LocalNetwork()
        let config = Self.snapshottingConfig(root)
        var member = try await Self.startSoleMember(config, on: network)
        for i in 0..<35 { _ = try await member.propose(Self.put("/s\(i)", "\(i)")) }
        try await member.stop()
        let snapshots = try FileManager.default.contentsOfDirectory(atPath: "\(root)/member/snap").filter { $0.hasSuffix(".snap") }
        #expect(!snapshots.isEmpty)
        // What a crash in the middle of snapshot transfers leaves behind goes at the next start.
        let leftovers = ["incoming-1234.db", "outgoing-0000000000000002-30.db"].map { "\(root)/member/snap/\($0)" }
        for path in leftovers { #expect(FileManager.default.createFile(atPath: path, contents: Data("store".utf8))) }

        member = try await Self.startSoleMember(config, on: network)
        #expect(leftovers.allSatisfy { !FileManager.default.fileExists(atPath: $0) })
        #expect(try Self.value(of: "/s34", in: member) == "34")
        _ = try await member.propose(Self.put("/after-restart", "ok"))
        #expect(try Self.value(of: "/after-restart", in: member) == "ok")
        try await member.stop()
    }

    /// With etcd's 64 MiB segments: once the log fills a second segment, a snapshot past the
    /// first one's last entry deletes it, and a restart still finds every write.
    @Test func snapshotsDeleteWALSegmentsTheyCover() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-release-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let network = LocalNetwork()
        let config = Self.snapshottingConfig(root)
        let wal = "\(root)/member/wal"
        let segments = { try FileManager.default.contentsOfDirectory(atPath: wal).filter { $0.hasSuffix(".wal") }.sorted() }
        var member = try await Self.startSoleMember(config, on: network)
        let first = try #require(try segments().first)
        let value = String(repeating: "v", count: 1 << 20)
        for i in 0..<80 { _ = try await member.propose(Self.put("/big\(i % 4)", value + "\(i)")) }
        let left = try segments()
        #expect(!left.contains(first) && !left.isEmpty && left.count <= 2, "\(left)")
        try await member.stop()

        member = try await Self.startSoleMember(config, on: network)
        #expect(try Self.value(of: "/big3", in: member) == value + "79")
        try await member.stop()
    }

    /// Group commit: proposals made together share WAL fsyncs (one per Ready), far fewer
    /// fsyncs than writes, and every write is applied.
    @Test func proposalsMadeTogetherShareWALFsyncs() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-group-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let member = try await Self.startSoleMember(
            MemberConfig(id: 1, clusterID: 7, initialVoters: [1], dataDirectory: root), on: LocalNetwork())
        let fsyncs = {
            String(decoding: member.metrics.registry.emitToBuffer(), as: UTF8.self).split(separator: "\n")
                .first { $0.hasPrefix("etcd_disk_wal_fsync_duration_seconds_count ") }
                .flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        }
        let before = fsyncs()
        let writes = 200
        try await withThrowingTaskGroup(of: Void.self) { group in
            for i in 0..<writes { group.addTask { _ = try await member.propose(Self.put("/g\(i)", "\(i)")) } }
            try await group.waitForAll()
        }
        let used = fsyncs() - before
        #expect(used > 0 && used <= writes / 4, "\(used) fsyncs for \(writes) writes made together")
        #expect(try Self.value(of: "/g199", in: member) == "199")
        try await member.stop()
    }

    @Test func aDataDirectoryOfAnotherClusterIsRefused() async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("kvd-other-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let first = try Member(config: MemberConfig(id: 1, clusterID: 1, initialVoters: [1], dataDirectory: root),
                               transport: LocalNetwork())
        try await first.stop()
        #expect(throws: MemberError.self) {
            try Member(config: MemberConfig(id: 1, clusterID: 2, initialVoters: [1], dataDirectory: root),
                       transport: LocalNetwork())
        }
    }
}
