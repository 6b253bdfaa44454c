import API
import ArgumentParser
import Foundation

struct Member: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Membership related commands.",
        subcommands: [List.self, Add.self, Remove.self, Update.self, Promote.self])

    /// A member id argument, hexadecimal.
    static func id(_ arguments: [String], command: String) throws(KvctlError) -> UInt64 {
        guard let text = arguments.first else { throw .badArguments("member ID is not provided") }
        guard arguments.count == 1 || command == "update" else { throw .badArguments("member \(command) command needs 1 argument") }
        guard let id = UInt64(text, radix: 16) else {
            throw .badArguments("bad member ID arg (strconv.ParseUint: parsing \"\(text)\": invalid syntax), expecting ID in Hex")
        }
        return id
    }

    static func peerURLs(_ text: String?) throws(KvctlError) -> [String] {
        let urls = (text ?? "").split(separator: ",").map(String.init).filter { !$0.isEmpty }
        guard !urls.isEmpty else { throw .badArguments("member peer urls not provided") }
        return urls
    }

    struct List: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Lists all members in the cluster.")
        @OptionGroup var global: GlobalOptions

        func execute(_ settings: Settings) async throws {
            let response = try await settings.client.withConnection {
                try await $0.cluster.memberList(Etcdserverpb_MemberListRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.members(response.members, header: response.header))
        }
    }

    struct Add: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Adds a member into the cluster.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("peer-urls"), help: "comma separated peer URLs for the new member.") var peerURLs: String?
        @Flag(help: "indicates if the new member is raft learner") var learner = false
        @Argument(help: "<memberName>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.count == 1 else { throw KvctlError.badArguments("member name not provided") }
            let name = arguments[0]
            var request = Etcdserverpb_MemberAddRequest()
            request.peerUrls = try Member.peerURLs(peerURLs)
            request.isLearner = learner
            let response = try await settings.client.withConnection { try await $0.cluster.memberAdd(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.memberChange(
                "Member \(paddedHex(response.member.id)) added to cluster \(paddedHex(response.header.clusterID))",
                changed: response.member.id, header: response.header, member: response.member, members: response.members))
            guard settings.printer.format == .simple else { return }
            try StandardStreams.write(Self.environmentLines(name: name, added: response.member, members: response.members))
        }

        /// The settings the new member starts with, in etcd's environment variables.
        static func environmentLines(name: String, added: Etcdserverpb_Member, members: [Etcdserverpb_Member]) -> OutputBuffer {
            let cluster = members.flatMap { member in
                member.peerUrls.map { "\(member.id == added.id ? name : member.name)=\($0)" }
            }
            var buffer = OutputBuffer()
            buffer.line()
            buffer.line("ETCD_NAME=\(GoText.quote(Array(name.utf8)))")
            buffer.line("ETCD_INITIAL_CLUSTER=\(GoText.quote(Array(cluster.joined(separator: ",").utf8)))")
            buffer.line("ETCD_INITIAL_ADVERTISE_PEER_URLS=\(GoText.quote(Array(added.peerUrls.joined(separator: ",").utf8)))")
            buffer.line("ETCD_INITIAL_CLUSTER_STATE=\"existing\"")
            return buffer
        }
    }

    struct Remove: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Removes a member from the cluster.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<memberID>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_MemberRemoveRequest()
            request.id = try Member.id(arguments, command: "remove")
            let response = try await settings.client.withConnection { try await $0.cluster.memberRemove(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.memberChange(
                "Member \(paddedHex(request.id)) removed from cluster \(paddedHex(response.header.clusterID))",
                changed: request.id, header: response.header, members: response.members))
        }
    }

    struct Update: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Updates a member in the cluster.")
        @OptionGroup var global: GlobalOptions
        @Option(name: .customLong("peer-urls"), help: "comma separated peer URLs for the updated member.") var peerURLs: String?
        @Argument(help: "<memberID>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_MemberUpdateRequest()
            request.id = try Member.id(arguments, command: "update")
            request.peerUrls = try Member.peerURLs(peerURLs)
            let response = try await settings.client.withConnection { try await $0.cluster.memberUpdate(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.memberChange(
                "Member \(paddedHex(request.id)) updated in cluster \(paddedHex(response.header.clusterID))",
                changed: request.id, header: response.header, members: response.members))
        }
    }

    struct Promote: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Promotes a non-voting member in the cluster.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<memberID>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_MemberPromoteRequest()
            request.id = try Member.id(arguments, command: "promote")
            let response = try await settings.client.withConnection { try await $0.cluster.memberPromote(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.memberChange(
                "Member \(paddedHex(request.id)) promoted in cluster \(paddedHex(response.header.clusterID))",
                changed: request.id, header: response.header, members: response.members))
        }
    }
}
