import API
import ArgumentParser
import Client
import Foundation
import GRPCCore

struct EndpointCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "endpoint", abstract: "Endpoint related commands.",
        subcommands: [Health.self, Status.self, HashKV.self])

    struct Health: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Checks the healthiness of endpoints specified in `--endpoints` flag.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var cluster: ClusterOption

        func execute(_ settings: Settings) async throws {
            let endpoints = try await cluster.endpoints(settings)
            // A member that answers a read is healthy; etcdctl 3.4 does not look at alarms.
            let answers = await settings.askEach(endpoints) { connection in
                let start = ContinuousClock.now
                var request = Etcdserverpb_RangeRequest()
                request.key = Data("health".utf8)
                do {
                    _ = try await connection.kv.range(request, metadata: connection.metadata, options: connection.options)
                } catch let error as RPCError where error.code == .permissionDenied {
                    // A cluster with auth answers, which is all health asks.
                }
                return ContinuousClock.now - start
            }
            let reports = answers.map { answer -> EndpointHealth in
                switch answer.result {
                case let .success(took):
                    EndpointHealth(endpoint: answer.endpoint.description, healthy: true, took: took, error: "")
                case let .failure(error):
                    EndpointHealth(endpoint: answer.endpoint.description, healthy: false, took: .zero, error: KvctlError(error).message)
                }
            }
            let (out, err) = settings.printer.health(reports)
            try StandardStreams.write(out)
            StandardStreams.writeError(err)
            if reports.contains(where: { !$0.healthy }) { throw KvctlError.failed("unhealthy cluster") }
        }
    }

    struct Status: KvctlCommand {
        static let configuration = CommandConfiguration(abstract: "Prints out the status of endpoints specified in `--endpoints` flag.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var cluster: ClusterOption

        func execute(_ settings: Settings) async throws {
            let answers = await settings.askEach(try await cluster.endpoints(settings)) {
                try await $0.maintenance.status(Etcdserverpb_StatusRequest(), metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.status(Self.report(answers, what: "the status of")))
            if answers.contains(where: { if case .failure = $0.result { true } else { false } }) { throw KvctlError(status: .error, message: "") }
        }

        /// The answers, each failure reported on stderr as etcdctl does.
        static func report<Answer>(_ answers: [(endpoint: Endpoint, result: Result<Answer, any Error>)], what: String) -> [EndpointAnswer<Answer>] {
            answers.compactMap { answer in
                switch answer.result {
                case let .success(value):
                    return EndpointAnswer(endpoint: answer.endpoint.description, answer: value)
                case let .failure(error):
                    StandardStreams.writeError(line: "Failed to get \(what) endpoint \(answer.endpoint) (\(KvctlError(error).message))")
                    return nil
                }
            }
        }
    }

    struct HashKV: KvctlCommand {
        static let configuration = CommandConfiguration(commandName: "hashkv", abstract: "Prints the KV history hash for each endpoint in --endpoints.")
        @OptionGroup var global: GlobalOptions
        @OptionGroup var cluster: ClusterOption
        @Option(help: "maximum revision to hash (default: all revisions)") var rev: Int64 = 0

        func execute(_ settings: Settings) async throws {
            var request = Etcdserverpb_HashKVRequest()
            request.revision = rev
            let answers = await settings.askEach(try await cluster.endpoints(settings)) { [request] in
                try await $0.maintenance.hashKV(request, metadata: $0.metadata, options: $0.options)
            }
            try StandardStreams.write(settings.printer.hashKV(Status.report(answers, what: "the hash of")))
            // Unlike status, etcdctl ends hashkv with the last failure's words.
            let failures = answers.compactMap { answer -> KvctlError? in
                if case let .failure(error) = answer.result { KvctlError(error) } else { nil }
            }
            if let last = failures.last { throw KvctlError.failed(last.message) }
        }
    }
}
