import API
import ArgumentParser
import Client
import Foundation

struct Role: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Role related commands.",
        subcommands: [Add.self, Delete.self, Get.self, List.self, GrantPermission.self, RevokePermission.self])

    static func name(_ arguments: [String], command: String) throws(KvctlError) -> String {
        guard arguments.count == 1 else { throw .badArguments("role \(command) command requires role name as its argument") }
        return arguments[0]
    }

    /// `<key> [endkey]` with `--prefix` or `--from-key`, as a permission's range.
    static func range(key: String, end: String?, prefix: Bool, fromKey: Bool) throws(KvctlError) -> (key: Data, end: Data) {
        if prefix && fromKey { throw .badArguments("--from-key and --prefix flags are mutually exclusive") }
        if end != nil && prefix { throw .badArguments("unexpected endkey argument with --prefix flag") }
        if end != nil && fromKey { throw .badArguments("unexpected endkey argument with --from-key flag") }
        let keyBytes = Data(key.utf8)
        if prefix { return (keyBytes, KeyArguments.prefixEnd(keyBytes)) }
        if fromKey { return (keyBytes.isEmpty ? Data([0]) : keyBytes, Data([0])) }
        return (keyBytes, end.map { Data($0.utf8) } ?? Data())
    }

    struct Add: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a new role.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<role name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_AuthRoleAddRequest()
            request.name = try Role.name(arguments, command: "add")
            let response = try await settings.client.withConnection { try await $0.auth.roleAdd(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.authChange(
                "Role \(request.name) created", header: response.header,
                record: PipeRecord([("role", .text(request.name)), ("created", .bool(true))])))
        }
    }

    struct Delete: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Deletes a role.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<role name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_AuthRoleDeleteRequest()
            request.role = try Role.name(arguments, command: "delete")
            let response = try await settings.client.withConnection { try await $0.auth.roleDelete(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.authChange(
                "Role \(request.role) deleted", header: response.header,
                record: PipeRecord([("role", .text(request.role)), ("deleted", .bool(true))])))
        }
    }

    struct Get: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Gets detailed information of a role.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<role name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_AuthRoleGetRequest()
            request.role = try Role.name(arguments, command: "get")
            let response = try await settings.client.withConnection { try await $0.auth.roleGet(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.roleGet(request.role, response, first: true))
        }
    }

    struct List: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all roles.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.isEmpty else { throw KvctlError.badArguments("role list command requires no arguments") }
            let response = try await settings.client.withConnection {
                try await $0.auth.roleList(Etcdserverpb_AuthRoleListRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.roleList(response))
        }
    }

    struct GrantPermission: KvctlCommand {
        static let configuration = CommandConfiguration(
            commandName: "grant-permission", abstract: "Grants a key to a role.",
            discussion: "The permission type is read, write or readwrite.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "grant a prefix permission") var prefix = false
        @Flag(name: .customLong("from-key"), help: "grant a permission of keys that are greater than or equal to the given key using byte compare")
        var fromKey = false
        @Argument(help: "<role name> <permission type> <key> [endkey]") var arguments: [String] = []

        func request() throws(KvctlError) -> Etcdserverpb_AuthRoleGrantPermissionRequest {
            guard (3...4).contains(arguments.count) else {
                throw .badArguments("role grant command requires role name, permission type, and key [endkey] as its argument")
            }
            var request = Etcdserverpb_AuthRoleGrantPermissionRequest()
            request.name = arguments[0]
            switch arguments[1].uppercased() {
            case "READ": request.perm.permType = .read
            case "WRITE": request.perm.permType = .write
            case "READWRITE": request.perm.permType = .readwrite
            default: throw .badArguments("invalid permission type: \(arguments[1])")
            }
            (request.perm.key, request.perm.rangeEnd) = try Role.range(key: arguments[2], end: arguments.count == 4 ? arguments[3] : nil,
                                                                       prefix: prefix, fromKey: fromKey)
            return request
        }

        func execute(_ settings: Settings) async throws {
            let request = try request()
            let response = try await settings.client.withConnection {
                try await $0.auth.roleGrantPermission(request, metadata: $0.metadata, options: $0.options)
            }
            var record = PipeRecord([("role", .text(request.name)), ("permission", .text(Printer.permissionName(request.perm.permType)))])
            record.add("key", .bytes(request.perm.key))
            record.add("range_end", .bytes(request.perm.rangeEnd))
            try StandardStreams.write(settings.printer.authChange("Role \(request.name) updated", header: response.header, record: record))
        }
    }

    struct RevokePermission: KvctlCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-permission", abstract: "Revokes a key from a role.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "revoke a prefix permission") var prefix = false
        @Flag(name: .customLong("from-key"), help: "revoke a permission of keys that are greater than or equal to the given key using byte compare")
        var fromKey = false
        @Argument(help: "<role name> <key> [endkey]") var arguments: [String] = []

        func request() throws(KvctlError) -> Etcdserverpb_AuthRoleRevokePermissionRequest {
            guard (2...3).contains(arguments.count) else {
                throw .badArguments("role revoke-permission command requires role name and key [endkey] as its argument")
            }
            var request = Etcdserverpb_AuthRoleRevokePermissionRequest()
            request.role = arguments[0]
            (request.key, request.rangeEnd) = try Role.range(key: arguments[1], end: arguments.count == 3 ? arguments[2] : nil,
                                                             prefix: prefix, fromKey: fromKey)
            return request
        }

        func execute(_ settings: Settings) async throws {
            let request = try request()
            let response = try await settings.client.withConnection {
                try await $0.auth.roleRevokePermission(request, metadata: $0.metadata, options: $0.options)
            }
            let what = request.rangeEnd.isEmpty
                ? "key \(String(decoding: request.key, as: UTF8.self))"
                : "range \(Printer.rangeText(key: request.key, end: request.rangeEnd, withPrefix: false))"
            var record = PipeRecord([("role", .text(request.role)), ("key", .bytes(request.key)), ("range_end", .bytes(request.rangeEnd))])
            record.add("revoked", .bool(true))
            try StandardStreams.write(settings.printer.authChange(
                "Permission of \(what) is revoked from role \(request.role)", header: response.header, record: record))
        }
    }
}

struct Auth: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Enable or disable authentication.",
                                                    subcommands: [Enable.self, Disable.self, Status.self])

    struct Enable: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Enables authentication.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.isEmpty else { throw KvctlError.badArguments("auth enable command does not accept any arguments") }
            _ = try await settings.client.withConnection {
                try await $0.auth.authEnable(Etcdserverpb_AuthEnableRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.sentence("Authentication Enabled", or: PipeRecord([("enabled", .bool(true))])))
        }
    }

    struct Disable: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Disables authentication.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.isEmpty else { throw KvctlError.badArguments("auth disable command does not accept any arguments") }
            _ = try await settings.client.withConnection {
                try await $0.auth.authDisable(Etcdserverpb_AuthDisableRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.sentence("Authentication Disabled", or: PipeRecord([("enabled", .bool(false))])))
        }
    }

    /// etcd 3.5's `auth status` (etcd 3.4 servers answer Unimplemented; kvd answers).
    struct Status: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Returns authentication status.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.isEmpty else { throw KvctlError.badArguments("auth status command does not accept any arguments") }
            let response = try await settings.client.withConnection {
                try await $0.auth.authStatus(Etcdserverpb_AuthStatusRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.authStatus(response))
        }
    }
}
