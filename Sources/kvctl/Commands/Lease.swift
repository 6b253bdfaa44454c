import API
import ArgumentParser
import Foundation
import Synchronization

struct Lease: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Lease related commands.",
        subcommands: [Grant.self, Revoke.self, TimeToLive.self, List.self, KeepAlive.self])

    /// A lease id argument: hexadecimal, as etcdctl prints and takes them.
    static func id(_ arguments: [String], command: String) throws(KvctlError) -> Int64 {
        guard arguments.count == 1 else { throw .badArguments("lease \(command) command needs 1 argument") }
        guard let id = UInt64(arguments[0], radix: 16) else {
            throw .badArguments("bad lease ID arg (strconv.ParseInt: parsing \"\(arguments[0])\": invalid syntax), expecting ID in Hex")
        }
        return Int64(bitPattern: id)
    }

    struct Grant: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Creates leases.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<ttl>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.count == 1 else { throw KvctlError.badArguments("lease grant command needs TTL argument") }
            guard let ttl = Int64(arguments[0]) else {
                throw KvctlError.badArguments("bad TTL (strconv.ParseInt: parsing \"\(arguments[0])\": invalid syntax)")
            }
            var request = Etcdserverpb_LeaseGrantRequest()
            request.ttl = ttl
            let response = try await settings.client.withConnection { try await $0.lease.leaseGrant(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.leaseGrant(response))
        }
    }

    struct Revoke: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Revokes leases.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<leaseID>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_LeaseRevokeRequest()
            request.id = try Lease.id(arguments, command: "revoke")
            let response: Etcdserverpb_LeaseRevokeResponse
            do {
                response = try await settings.client.withConnection { try await $0.lease.leaseRevoke(request, metadata: $0.metadata, options: $0.options) }
            } catch {
                let failure = KvctlError(error)
                guard failure.status == .error else { throw failure }
                throw KvctlError.failed("failed to revoke lease (\(failure.message))")
            }
            try StandardStreams.write(settings.printer.leaseRevoke(response, id: request.id))
        }
    }

    struct TimeToLive: KvctlCommand {
        static let configuration = CommandConfiguration(commandName: "timetolive", abstract: "Get lease information.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Get keys attached to this lease.") var keys = false
        @Argument(help: "<leaseID>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_LeaseTimeToLiveRequest()
            request.id = try Lease.id(arguments, command: "timetolive")
            request.keys = keys
            let response = try await settings.client.withConnection { try await $0.lease.leaseTimeToLive(request, metadata: $0.metadata, options: $0.options) }
            try StandardStreams.write(settings.printer.leaseTimeToLive(response, keys: keys))
        }
    }

    struct List: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "List all active leases.")
        @OptionGroup var global: GlobalOptions

        func execute(_ settings: Settings) async throws {
            let response = try await settings.client.withConnection {
                try await $0.lease.leaseLeases(Etcdserverpb_LeaseLeasesRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.leaseList(response))
        }
    }

    struct KeepAlive: KvctlCommand {
        static let configuration = CommandConfiguration(
            commandName: "keep-alive", abstract: "Keeps leases alive (renew).",
            discussion: "Renews every third of the TTL until the lease is gone; a broken stream resumes on the next endpoint.")
        @OptionGroup var global: GlobalOptions
        @Flag(help: "Resets the keep-alive time to its original value and exits immediately.") var once = false
        @Argument(help: "<leaseID>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            var keepAlive = Etcdserverpb_LeaseKeepAliveRequest()
            keepAlive.id = try Lease.id(arguments, command: "keep-alive")
            let printer = settings.printer
            let once = self.once
            let request = keepAlive
            // Seconds between renewals: a third of the TTL, as etcd's client does.
            let interval = Mutex<Int64>(1)
            do {
                try await settings.client.withResumingConnection { connection, progress in
                    try await connection.lease.leaseKeepAlive(metadata: connection.metadata, options: connection.streamOptions) { writer in
                        while true {
                            try await writer.write(request)
                            if once { return }
                            try await Task.sleep(for: .seconds(interval.withLock { $0 }))
                        }
                    } onResponse: { response in
                        for try await answer in response.messages {
                            progress.mark()
                            guard answer.ttl > 0 else {
                                if once { throw KvctlError.failed("etcdserver: requested lease not found") }
                                return
                            }
                            try StandardStreams.write(printer.leaseKeepAlive(answer))
                            if once { return }
                            interval.withLock { $0 = max(1, answer.ttl / 3) }
                        }
                    }
                }
            } catch is BrokenPipe {
                throw BrokenPipe()
            } catch {
                throw KvctlError(status: .badConnection, message: KvctlError(error).message)
            }
            if !once && printer.format == .simple {
                var buffer = OutputBuffer()
                buffer.line("lease \(leaseID(request.id)) expired or revoked.")
                try StandardStreams.write(buffer)
            }
        }
    }
}
