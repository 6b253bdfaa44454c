import API
import ArgumentParser

struct Compaction: KvctlCommand {
    static let configuration = CommandConfiguration(abstract: "Compacts the event history in etcd.")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "'true' to wait for compaction to physically remove all old revisions") var physical = false
    @Argument(help: "<revision>") var arguments: [String] = []

    func execute(_ settings: Settings) async throws {
        guard arguments.count == 1 else { throw KvctlError.badArguments("compaction command needs 1 argument") }
        guard let revision = Int64(arguments[0]) else {
            throw KvctlError.badArguments("strconv.ParseInt: parsing \"\(arguments[0])\": invalid syntax")
        }
        var request = Etcdserverpb_CompactionRequest()
        request.revision = revision
        request.physical = physical
        _ = try await settings.client.withConnection { try await $0.kv.compact(request, metadata: $0.metadata, options: $0.options) }
        let record = PipeRecord([("revision", .int(revision))])
        try StandardStreams.write(settings.printer.sentence("compacted revision \(revision)", or: record))
    }
}
