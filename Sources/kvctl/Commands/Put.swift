import API
import ArgumentParser
import Foundation

struct Put: KvctlCommand {
    static let configuration = CommandConfiguration(
        abstract: "Puts the given key into the store.",
        discussion: "The value may be left out: it is then read from stdin, every byte of it (echo adds a newline).")

    @OptionGroup var global: GlobalOptions
    @Option(help: "lease ID (in hexadecimal) to attach to the key.") var lease = "0"
    @Flag(name: .customLong("prev-kv"), help: "return the previous key-value pair before modification.") var prevKV = false
    @Flag(name: .customLong("ignore-value"), help: "updates the key using its current value.") var ignoreValue = false
    @Flag(name: .customLong("ignore-lease"), help: "updates the key using its current lease.") var ignoreLease = false
    @Argument(help: "<key> [value]") var arguments: [String] = []

    /// The request for these flags; `input` supplies the value when it was left out.
    func request(input: () throws(KvctlError) -> Data) throws(KvctlError) -> Etcdserverpb_PutRequest {
        var request = Etcdserverpb_PutRequest()
        switch arguments.count {
        case 1 where !ignoreValue: request.value = try input()
        case 1: break
        case 2 where !ignoreValue: request.value = Data(arguments[1].utf8)
        case 2: throw .badArguments("value should not be provided when --ignore-value is set")
        default: throw .badArguments("put command needs 1 argument and input from stdin or 2 arguments")
        }
        request.key = Data(arguments[0].utf8)
        guard let leaseID = UInt64(lease, radix: 16) else {
            throw .badArguments("bad lease ID (strconv.ParseInt: parsing \"\(lease)\": invalid syntax), expecting ID in Hex")
        }
        request.lease = Int64(bitPattern: leaseID)
        request.prevKv = prevKV
        request.ignoreValue = ignoreValue
        request.ignoreLease = ignoreLease
        return request
    }

    func execute(_ settings: Settings) async throws {
        let request = try request(input: StandardStreams.readAllInput)
        let response = try await settings.client.withConnection { try await $0.kv.put(request, metadata: $0.metadata, options: $0.options) }
        try StandardStreams.write(settings.printer.put(response))
    }
}
