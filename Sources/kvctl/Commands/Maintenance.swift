import API
import ArgumentParser
import BuildInfo
import Foundation

struct Alarm: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Alarm related commands.", subcommands: [List.self, Disarm.self])

    struct List: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all alarms.")
        @OptionGroup var global: GlobalOptions

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_AlarmRequest()
            request.action = .get
            let response = try await settings.client.withConnection { try await $0.maintenance.alarm(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.alarms(response))
        }
    }

    struct Disarm: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Disarms all alarms.")
        @OptionGroup var global: GlobalOptions

        /// Lists the alarms and deactivates each, as etcd's client does; prints the disarmed ones.
        func execute(_ settings: Settings) async throws {
            let response = try await settings.client.withConnection { connection in
                var list = Etcdserverpb_AlarmRequest()
                list.action = .get
                var listed = try await connection.maintenance.alarm(list, metadata: connection.metadata, options: connection.options)
                for alarm in listed.alarms {
                    var request = Etcdserverpb_AlarmRequest()
                    request.action = .deactivate
                    request.memberID = alarm.memberID
                    request.alarm = alarm.alarm
                    listed.header = try await connection.maintenance.alarm(request, metadata: connection.metadata, options: connection.options).header
                }
                return listed
            }
            try StandardStreams.write(settings.printer.alarms(response))
        }
    }
}

struct Defrag: KvctlCommand {
    static let configuration = CommandConfiguration(abstract: "Defragments the storage of the etcd members with given endpoints.")
    @OptionGroup var global: GlobalOptions
    @OptionGroup var cluster: ClusterOption

    func execute(_ settings: Settings) async throws {
        var failed = false
        for endpoint in try await cluster.endpoints(settings) {
            do {
                _ = try await settings.client.withConnection(to: endpoint) {
                    try await $0.maintenance.defragment(Etcdserverpb_DefragmentRequest(), metadata: $0.metadata, options: $0.options)
                }
                let record = PipeRecord([("endpoint", .text(endpoint.description)), ("defragmented", .bool(true))])
                try StandardStreams.write(settings.printer.sentence("Finished defragmenting etcd member[\(endpoint)]", or: record))
            } catch is BrokenPipe {
                throw BrokenPipe()
            } catch {
                StandardStreams.writeError(line: "Failed to defragment etcd member[\(endpoint)] (\(KvctlError(error).message))")
                failed = true
            }
        }
        if failed { throw KvctlError(status: .error, message: "") }
    }
}

struct MoveLeader: KvctlCommand {
    static let configuration = CommandConfiguration(commandName: "move-leader", abstract: "Transfers leadership to another etcd cluster member.")
    @OptionGroup var global: GlobalOptions
    @Argument(help: "<transferee-member-id>") var arguments: [String] = []

    func execute(_ settings: Settings) async throws {
        guard arguments.count == 1 else { throw KvctlError.badArguments("move-leader command needs 1 argument") }
        guard let target = UInt64(arguments[0], radix: 16) else {
            throw KvctlError.badArguments("strconv.ParseUint: parsing \"\(arguments[0])\": invalid syntax")
        }
        // The request must reach the leader: find it among the endpoints.
        let answers = await settings.askEach(settings.configuration.endpoints) {
            try await $0.maintenance.status(Etcdserverpb_StatusRequest(), metadata: $0.metadata, options: $0.options)
        }
        guard let leader = answers.first(where: { answer in
            if case let .success(status) = answer.result { status.leader == status.header.memberID } else { false }
        }), case let .success(status) = leader.result else {
            throw KvctlError.failed("no leader endpoint given at [\(settings.configuration.endpoints.map(\.description).joined(separator: " "))]")
        }
        var request = Etcdserverpb_MoveLeaderRequest()
        request.targetID = target
        let response = try await settings.client.withConnection(to: leader.endpoint) {
            try await $0.maintenance.moveLeader(request, metadata: $0.metadata, options: $0.options)
        }
        try StandardStreams.write(settings.printer.moveLeader(response, from: status.leader, to: target))
    }
}

struct Version: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Prints the version of kvctl.")
    @OptionGroup var global: GlobalOptions

    /// Needs no cluster, so it reads only the output format of the global flags.
    func run() async throws {
        let printer = try global.printer(environment: ProcessInfo.processInfo.environment)
        let record = PipeRecord([("version", .text(BuildInfo.version)), ("api_version", .text(BuildInfo.etcdAPIVersion))])
        try StandardStreams.write(printer.sentence("kvctl version: \(BuildInfo.version)\nAPI version: \(BuildInfo.etcdAPIVersion)", or: record))
    }
}
