import GRPCCore
import Member

/// Every etcd v3 service a member serves to clients, wired to that member, and the one
/// background loop they need (the leader's lease expiry).
public struct ClientServices: Sendable {
    public let services: [any RegistrableRPCService]
    private let leaseKeeper: LeaseKeeper
    /// Followers' forwarded calls go to the leader over it.
    private let leader: LeaderConnection

    /// Call before the member starts applying: the watch hub follows the store from its
    /// current revision.
    public static func make(
        member: Member, limits: RequestLimits, quota: BackendQuota, electionTicks: Int, tickInterval: Duration,
        dialer: Dialer
    ) async throws -> ClientServices
    {
        let context = ServiceContext(member: member, limits: limits, quota: quota)
        let hub = try WatchHub(store: member.store)
        await member.observe(hub)
        let keeper = LeaseKeeper(member: member,
                                 configuration: LeaseConfiguration(electionTicks: electionTicks, tickInterval: tickInterval))
        await member.observe(keeper)
        let leader = LeaderConnection(dialer: dialer)
        return ClientServices(
            services: [KVService(context: context), WatchService(context: context, hub: hub),
                       LeaseService(context: context, keeper: keeper, leader: leader), ClusterService(context: context, leader: leader),
                       MaintenanceService(context: context), AuthService(context: context)],
            leaseKeeper: keeper, leader: leader)
    }

    /// Runs until cancelled.
    func run() async {
        await leaseKeeper.run()
        leader.close()
    }
}
