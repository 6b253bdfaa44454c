import API
import GRPCCore

/// etcd's Auth service for a cluster whose authentication is off, as kvd's always is: it
/// answers what etcd answers then, and refuses to manage users and roles.
public struct AuthService: Etcdserverpb_Auth.SimpleServiceProtocol {
    let context: ServiceContext

    public init(context: ServiceContext) {
        self.context = context
    }

    public func authStatus(request _: Etcdserverpb_AuthStatusRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthStatusResponse {
        try await authStatus()
    }

    /// etcd's clients log in only when given a user, and carry on without a token when the
    /// server answers exactly this.
    public func authenticate(
        request _: Etcdserverpb_AuthenticateRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthenticateResponse {
        throw EtcdError.authNotEnabled
    }

    /// Disabling authentication that is off succeeds, as in etcd.
    public func authDisable(
        request _: Etcdserverpb_AuthDisableRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthDisableResponse {
        try await authDisable()
    }

    public func authEnable(request _: Etcdserverpb_AuthEnableRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthEnableResponse {
        throw EtcdError.unimplemented("AuthEnable")
    }

    public func userAdd(request _: Etcdserverpb_AuthUserAddRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthUserAddResponse {
        throw EtcdError.unimplemented("UserAdd")
    }

    public func userGet(request _: Etcdserverpb_AuthUserGetRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthUserGetResponse {
        throw EtcdError.unimplemented("UserGet")
    }

    public func userList(request _: Etcdserverpb_AuthUserListRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthUserListResponse {
        throw EtcdError.unimplemented("UserList")
    }

    public func userDelete(
        request _: Etcdserverpb_AuthUserDeleteRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthUserDeleteResponse {
        throw EtcdError.unimplemented("UserDelete")
    }

    public func userChangePassword(
        request _: Etcdserverpb_AuthUserChangePasswordRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthUserChangePasswordResponse {
        throw EtcdError.unimplemented("UserChangePassword")
    }

    public func userGrantRole(
        request _: Etcdserverpb_AuthUserGrantRoleRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthUserGrantRoleResponse {
        throw EtcdError.unimplemented("UserGrantRole")
    }

    public func userRevokeRole(
        request _: Etcdserverpb_AuthUserRevokeRoleRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthUserRevokeRoleResponse {
        throw EtcdError.unimplemented("UserRevokeRole")
    }

    public func roleAdd(request _: Etcdserverpb_AuthRoleAddRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthRoleAddResponse {
        throw EtcdError.unimplemented("RoleAdd")
    }

    public func roleGet(request _: Etcdserverpb_AuthRoleGetRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthRoleGetResponse {
        throw EtcdError.unimplemented("RoleGet")
    }

    public func roleList(request _: Etcdserverpb_AuthRoleListRequest, context _: ServerContext) async throws -> Etcdserverpb_AuthRoleListResponse {
        throw EtcdError.unimplemented("RoleList")
    }

    public func roleDelete(
        request _: Etcdserverpb_AuthRoleDeleteRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthRoleDeleteResponse {
        throw EtcdError.unimplemented("RoleDelete")
    }

    public func roleGrantPermission(
        request _: Etcdserverpb_AuthRoleGrantPermissionRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthRoleGrantPermissionResponse {
        throw EtcdError.unimplemented("RoleGrantPermission")
    }

    public func roleRevokePermission(
        request _: Etcdserverpb_AuthRoleRevokePermissionRequest, context _: ServerContext
    ) async throws -> Etcdserverpb_AuthRoleRevokePermissionResponse {
        throw EtcdError.unimplemented("RoleRevokePermission")
    }

    // MARK: The work, apart from gRPC's plumbing

    func authStatus() async throws(RPCError) -> Etcdserverpb_AuthStatusResponse {
        try await withEtcdErrors {
            var response = Etcdserverpb_AuthStatusResponse()
            response.header = try context.currentHeader()
            response.enabled = false
            response.authRevision = 0
            return response
        }
    }

    func authDisable() async throws(RPCError) -> Etcdserverpb_AuthDisableResponse {
        try await withEtcdErrors {
            var response = Etcdserverpb_AuthDisableResponse()
            response.header = try context.currentHeader()
            return response
        }
    }
}
