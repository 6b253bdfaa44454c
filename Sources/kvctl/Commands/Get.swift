import API
import ArgumentParser
import Foundation

struct Get: KvctlCommand {
    static let configuration = CommandConfiguration(abstract: "Gets the key or a range of keys.")

    @OptionGroup var global: GlobalOptions
    @Option(help: "Linearizable (l) or Serializable (s).") var consistency = "l"
    @Flag(name: .customLong("from-key"), help: "Get keys that are greater than or equal to the given key.") var fromKey = false
    @Flag(name: .customLong("keys-only"), help: "Get only the keys.") var keysOnly = false
    @Option(help: "Maximum number of results.") var limit: Int64 = 0
    @Option(help: "Order of results; ASCEND or DESCEND.") var order = ""
    @Flag(help: "Get keys with matching prefix.") var prefix = false
    @Flag(name: .customLong("print-value-only"), help: "Only write values when using the simple format.") var printValueOnly = false
    @Option(help: "Specify the kv revision.") var rev: Int64 = 0
    @Option(name: .customLong("sort-by"), help: "Sort target; CREATE, KEY, MODIFY, VALUE, or VERSION.") var sortBy = ""
    @Argument(help: "<key> [range_end]") var arguments: [String] = []

    /// The request etcdctl sends for these flags.
    func request() throws(KvctlError) -> Etcdserverpb_RangeRequest {
        let (key, end) = try KeyArguments.keyAndEnd(arguments, message: "get command needs one argument as key and an optional argument as range_end")
        var request = Etcdserverpb_RangeRequest()
        (request.key, request.rangeEnd) = try KeyArguments.range(key: key, rangeEnd: end, prefix: prefix, fromKey: fromKey, command: "get")
        switch consistency {
        case "l": break
        case "s": request.serializable = true
        default: throw .unsupported("unknown consistency flag \"\(consistency)\"")
        }
        request.limit = limit
        request.revision = rev
        request.keysOnly = keysOnly
        let sortOrder: Etcdserverpb_RangeRequest.SortOrder
        switch order.uppercased() {
        case "ASCEND": sortOrder = .ascend
        case "DESCEND": sortOrder = .descend
        case "": sortOrder = .none
        default: throw .unsupported("bad sort order \(order)")
        }
        let targets: [String: Etcdserverpb_RangeRequest.SortTarget] = [
            "CREATE": .create, "KEY": .key, "MODIFY": .mod, "VALUE": .value, "VERSION": .version, "": .key,
        ]
        guard let target = targets[sortBy.uppercased()] else { throw .unsupported("bad sort target \(sortBy)") }
        // Keys come sorted ascending anyway; etcd's client sends no order for that case.
        request.sortTarget = target
        request.sortOrder = (target == .key && sortOrder == .ascend) ? .none : sortOrder
        return request
    }

    func execute(_ settings: Settings) async throws {
        let request = try request()
        let response = try await settings.client.withConnection { try await $0.kv.range(request, metadata: $0.metadata, options: $0.options) }
        try StandardStreams.write(settings.printer.get(response, valueOnly: printValueOnly, keysOnly: keysOnly))
    }
}
