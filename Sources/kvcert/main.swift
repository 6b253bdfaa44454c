import ArgumentParser
import BuildInfo

@main
struct Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvcert",
        abstract: "Certificates for kvd: CA, server, peer and client, generated with OpenSSL.",
        version: BuildInfo.version
    )

    func run() throws {
        throw CleanExit.message("kvcert \(BuildInfo.version): not implemented yet; see --help.")
    }
}
