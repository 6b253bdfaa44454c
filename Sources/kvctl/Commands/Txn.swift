import API
import ArgumentParser
import Foundation

struct Txn: KvctlCommand {
    static let configuration = CommandConfiguration(
        abstract: "Txn processes all the requests in one transaction.",
        discussion: """
        Reads from stdin: compares (e.g. value("a") = "1", mod("a") > "4"), a blank line, the \
        requests run on success (put, get, del with their flags), a blank line, those run on \
        failure, a blank line.
        """)

    @OptionGroup var global: GlobalOptions
    @Flag(name: .shortAndLong, help: "Input transaction in interactive mode.") var interactive = false

    func execute(_ settings: Settings) async throws {
        let request = try readRequest()
        let response = try await settings.client.withConnection { try await $0.kv.txn(request, metadata: $0.metadata, options: $0.options) }
        try StandardStreams.write(settings.printer.txn(response))
    }

    /// Reads the three sections, each checked as soon as it is read (so an interactive
    /// session stops at the first bad line), prompting for each in interactive mode.
    private func readRequest() throws -> Etcdserverpb_TxnRequest {
        var request = Etcdserverpb_TxnRequest()
        request.compare = try readSection(prompt: "compares:").map(TxnParser.compare)
        request.success = try readSection(prompt: "success requests (get, put, del):").map(TxnParser.request)
        request.failure = try readSection(prompt: "failure requests (get, put, del):").map(TxnParser.request)
        return request
    }

    /// Lines up to a blank line or the end of input.
    private func readSection(prompt: String) throws -> [String] {
        if interactive {
            var buffer = OutputBuffer()
            buffer.line(prompt)
            try StandardStreams.write(buffer)
        }
        var lines: [String] = []
        while let line = readLine(strippingNewline: true), !line.trimmingCharacters(in: .whitespaces).isEmpty {
            lines.append(line)
        }
        return lines
    }
}
