import ArgumentParser
import TLS

struct Inspect: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Show a certificate: names, serial, usages, CA flag, key type, validity, SHA-256 fingerprint."
    )

    enum Format: String, ExpressibleByArgument, CaseIterable {
        case simple
        case json
    }

    @Argument(help: "A PEM certificate file.")
    var file: String

    @Option(name: [.customShort("w"), .customLong("write-out")], help: "simple or json (one JSON object).")
    var format: Format = .simple

    func run() throws {
        let info = try PEMFiles.certificate(at: file).info()
        switch format {
        case .simple: print(info.text())
        case .json: print(try info.json())
        }
    }
}
