import ArgumentParser
import BuildInfo

@main
struct Command: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvwal",
        abstract: "Inspect a kvd member's write-ahead log: dump, verify, stat.",
        version: BuildInfo.version
    )

    func run() throws {
        throw CleanExit.message("kvwal \(BuildInfo.version): not implemented yet; see --help.")
    }
}
