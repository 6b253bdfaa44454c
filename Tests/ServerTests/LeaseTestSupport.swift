import API
import Foundation
import GRPCCore
import MVCC
@testable import Member
import Raft
import Synchronization
import Testing
@testable import Server

/// A clock that moves only when told to, shared by every member of a test cluster.
final class ManualLeaseClock: LeaseClock {
    private let start = ContinuousClock.now
    private let offset = Mutex(Duration.zero)

    func now() -> ContinuousClock.Instant { start + offset.withLock { $0 } }

    func advance(by duration: Duration) { offset.withLock { $0 += duration } }
}

/// Each member of a cluster with its own lease keeper (running, on the shared manual clock)
/// and lease service, as the server wires them.
final class LeaseFixture {
    let cluster: Cluster
    let clock = ManualLeaseClock()
    private(set) var keepers: [NodeID: LeaseKeeper] = [:]
    private(set) var services: [NodeID: LeaseService] = [:]
    private var loops: [Task<Void, Never>] = []

    static let configuration: LeaseConfiguration = {
        var configuration = LeaseConfiguration(minTTLSeconds: 5, promotionExtension: .seconds(1))
        configuration.checkInterval = .milliseconds(5)
        return configuration
    }()

    init(_ cluster: Cluster) async {
        self.cluster = cluster
        for (id, member) in cluster.members {
            let keeper = LeaseKeeper(member: member, configuration: Self.configuration, clock: clock)
            await member.observe(keeper)
            keepers[id] = keeper
            services[id] = LeaseService(
                context: ServiceContext(member: member), keeper: keeper)
            loops.append(Task { await keeper.run() })
        }
    }

    func stopKeepers() {
        for loop in loops { loop.cancel() }
    }

    func service(_ member: Member) -> LeaseService { services[member.id]! }

    /// Grants through `member`'s service and attaches `keys` to the lease.
    func grant(ttl: Int64, keys: [String] = [], through member: Member) async throws -> Int64 {
        var request = Etcdserverpb_LeaseGrantRequest()
        request.ttl = ttl
        let id = try await service(member).grant(request).id
        for key in keys {
            _ = try await member.propose(.put(PutRequest(key: Array(key.utf8), value: [1], lease: id)))
        }
        return id
    }

    /// Waits (bounded) until `member`'s store no longer has the lease; false if it never went.
    func waitUntilGone(_ id: Int64, on member: Member, within timeout: Duration = .seconds(5)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try member.store.lease(id: id) == nil { return true }
            try await Task.sleep(for: .milliseconds(5))
        }
        return false
    }

    /// Lets the keepers run several checks at the current (manual) time.
    func settle() async throws {
        try await Task.sleep(for: Self.configuration.checkInterval * 20)
    }
}

/// Runs `body` with a cluster and its lease fixture, always stopping both.
func withLeases(_ voters: [NodeID], _ body: (LeaseFixture) async throws -> Void) async throws {
    try await withCluster(voters) { cluster in
        _ = try await cluster.leader()
        let fixture = await LeaseFixture(cluster)
        defer { fixture.stopKeepers() }
        try await body(fixture)
    }
}

func keepAlive(_ id: Int64, through service: LeaseService) async throws(RPCError) -> Int64 {
    var request = Etcdserverpb_LeaseKeepAliveRequest()
    request.id = id
    return try await service.keepAlive(request).ttl
}

func timeToLive(_ id: Int64, keys: Bool = false, through service: LeaseService) async throws(RPCError) -> Etcdserverpb_LeaseTimeToLiveResponse {
    var request = Etcdserverpb_LeaseTimeToLiveRequest()
    request.id = id
    request.keys = keys
    return try await service.timeToLive(request)
}
