import GRPCCore

/// Every etcd v3 service a member serves to clients, wired to that member.
public enum ClientServices {
    public static func all(context: ServiceContext) async -> [any RegistrableRPCService] {
        [KVService(context: context), MaintenanceService(context: context), ClusterService(context: context),
         AuthService(context: context)]
    }
}
