import ArgumentParser
import BuildInfo

@main
struct Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvd",
        abstract: "A Raft-based, strongly consistent key-value store serving the etcd v3 API.",
        version: BuildInfo.version
    )

    func run() throws {
        throw CleanExit.message("kvd \(BuildInfo.version): not implemented yet; see --help.")
    }
}
