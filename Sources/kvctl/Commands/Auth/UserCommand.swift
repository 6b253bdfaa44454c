import API
import ArgumentParser
import Client
import Foundation

struct User: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "User related commands.",
        subcommands: [Add.self, Delete.self, Get.self, List.self, Passwd.self, GrantRole.self, RevokeRole.self])

    /// The one name argument the user commands take, with etcdctl's message when it is missing.
    static func name(_ arguments: [String], command: String) throws(KvctlError) -> String {
        guard arguments.count == 1 else { throw .badArguments("user \(command) command requires user name as its argument") }
        return arguments[0]
    }

    struct Add: KvctlCommand {
        static let configuration = CommandConfiguration(
            abstract: "Adds a new user.",
            discussion: "The password comes from `name:password`, --new-user-password, the terminal (asked twice), or with --interactive=false one line of stdin.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "Read password from stdin instead of interactive terminal (--interactive=false).") var interactive = "true"
        @Option(name: .customLong("new-user-password"), help: "Supply password from the command line flag.") var newUserPassword: String?
        @Flag(name: .customLong("no-password"), help: "Create a user without password (CN based auth only).") var noPassword = false
        @Argument(help: "<user name or user:password>") var arguments: [String] = []

        /// The request for these arguments; `password` is asked only when none was given.
        func request(password: () throws(KvctlError) -> String) throws(KvctlError) -> Etcdserverpb_AuthUserAddRequest {
            let given = try User.name(arguments, command: "add")
            var request = Etcdserverpb_AuthUserAddRequest()
            if noPassword {
                request.name = given
                request.options.noPassword = true
            } else if let newUserPassword {
                request.name = given
                request.password = newUserPassword
            } else if let colon = given.firstIndex(of: ":") {
                request.name = String(given[..<colon])
                request.password = String(given[given.index(after: colon)...])
            } else {
                request.name = given
                request.password = try password()
            }
            return request
        }

        func execute(_ settings: Settings) async throws {
            let interactive = try GoBoolOption.value(interactive, flag: "interactive")
            let request = try request { () throws(KvctlError) -> String in
                try PasswordInput.read(for: try User.name(arguments, command: "add"), interactive: interactive)
            }
            let response = try await settings.client.withConnection { try await $0.auth.userAdd(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.authChange(
                "User \(request.name) created", header: response.header,
                record: PipeRecord([("user", .text(request.name)), ("created", .bool(true))])))
        }
    }

    struct Delete: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Deletes a user.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<user name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_AuthUserDeleteRequest()
            request.name = try User.name(arguments, command: "delete")
            let response = try await settings.client.withConnection { try await $0.auth.userDelete(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.authChange(
                "User \(request.name) deleted", header: response.header,
                record: PipeRecord([("user", .text(request.name)), ("deleted", .bool(true))])))
        }
    }

    struct Get: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Gets detailed information of a user.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Show permissions of roles granted to the user.") var detail = false
        @Argument(help: "<user name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_AuthUserGetRequest()
            request.name = try User.name(arguments, command: "get")
            let printer = settings.printer
            let detail = self.detail
            try await settings.client.withConnection { connection in
                let user = try await connection.auth.userGet(request, metadata: connection.metadata, options: connection.options)
                guard detail else {
                    try StandardStreams.write(printer.userGet(request.name, user))
                    return
                }
                // As etcdctl: the user's name first, then each role as `role get` prints it.
                try StandardStreams.write(printer.userDetailHeading(request.name))
                for (index, role) in user.roles.enumerated() {
                    var get = Etcdserverpb_AuthRoleGetRequest()
                    get.role = role
                    let answer = try await connection.auth.roleGet(get, metadata: connection.metadata, options: connection.options)
                    try StandardStreams.write(printer.roleGet(role, answer, first: index == 0))
                }
            }
        }
    }

    struct List: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all users.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.isEmpty else { throw KvctlError.badArguments("user list command requires no arguments") }
            let response = try await settings.client.withConnection {
                try await $0.auth.userList(Etcdserverpb_AuthUserListRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.userList(response))
        }
    }

    struct Passwd: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Changes password of user.")
        @OptionGroup var global: GlobalOptions
        @Option(help: "If true, read password from stdin instead of interactive terminal (--interactive=false reads stdin).")
        var interactive = "true"
        @Argument(help: "<user name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_AuthUserChangePasswordRequest()
            request.name = try User.name(arguments, command: "passwd")
            request.password = try PasswordInput.read(for: request.name, interactive: try GoBoolOption.value(interactive, flag: "interactive"))
            let response = try await settings.client.withConnection {
                try await $0.auth.userChangePassword(request, metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.authChange(
                "Password updated", header: response.header,
                record: PipeRecord([("user", .text(request.name)), ("password_updated", .bool(true))])))
        }
    }

    struct GrantRole: KvctlCommand {
        static let configuration = CommandConfiguration(commandName: "grant-role", abstract: "Grants a role to a user.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<user name> <role name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.count == 2 else { throw KvctlError.badArguments("user grant command requires user name and role name as its argument") }
            var request = Etcdserverpb_AuthUserGrantRoleRequest()
            (request.user, request.role) = (arguments[0], arguments[1])
            let response = try await settings.client.withConnection { try await $0.auth.userGrantRole(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.authChange(
                "Role \(request.role) is granted to user \(request.user)", header: response.header,
                record: PipeRecord([("user", .text(request.user)), ("role", .text(request.role)), ("granted", .bool(true))])))
        }
    }

    struct RevokeRole: KvctlCommand {
        static let configuration = CommandConfiguration(commandName: "revoke-role", abstract: "Revokes a role from a user.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<user name> <role name>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.count == 2 else { throw KvctlError.badArguments("user revoke-role requires user name and role name as its argument") }
            var request = Etcdserverpb_AuthUserRevokeRoleRequest()
            (request.name, request.role) = (arguments[0], arguments[1])
            let response = try await settings.client.withConnection { try await $0.auth.userRevokeRole(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.authChange(
                "Role \(request.role) is revoked from user \(request.name)", header: response.header,
                record: PipeRecord([("user", .text(request.name)), ("role", .text(request.role)), ("revoked", .bool(true))])))
        }
    }
}
