import ArgumentParser
import BuildInfo

@main
struct Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvctl",
        abstract: "The kvd client: everyday operations, output made for shell pipes.",
        version: BuildInfo.version
    )

    func run() throws {
        throw CleanExit.message("kvctl \(BuildInfo.version): not implemented yet; see --help.")
    }
}
