import API
import ArgumentParser
import Foundation

struct Del: KvctlCommand {
    static let configuration = CommandConfiguration(abstract: "Removes the specified key or range of keys [key, range_end).")

    @OptionGroup var global: GlobalOptions
    @Flag(help: "delete keys with matching prefix") var prefix = false
    @Flag(name: .customLong("prev-kv"), help: "return deleted key-value pairs") var prevKV = false
    @Flag(name: .customLong("from-key"), help: "delete keys that are greater than or equal to the given key") var fromKey = false
    @Argument(help: "<key> [range_end]") var arguments: [String] = []

    func request() throws(KvctlError) -> Etcdserverpb_DeleteRangeRequest {
        let (key, end) = try KeyArguments.keyAndEnd(arguments, message: "del command needs one argument as key and an optional argument as range_end")
        var request = Etcdserverpb_DeleteRangeRequest()
        (request.key, request.rangeEnd) = try KeyArguments.range(key: key, rangeEnd: end, prefix: prefix, fromKey: fromKey, command: "del")
        request.prevKv = prevKV
        return request
    }

    func execute(_ settings: Settings) async throws {
        let request = try request()
        let response = try await settings.client.withConnection { try await $0.kv.deleteRange(request, metadata: $0.metadata, options: $0.options) }
        try StandardStreams.write(settings.printer.delete(response))
    }
}
