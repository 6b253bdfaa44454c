import ArgumentParser
import Foundation

/// Runs a load and prints its report; a load that cannot run at all (no endpoint reachable)
/// exits with status 1 and one line on stderr.
private func runAndPrint(format: OutputFormat, _ load: () async throws -> Report) async throws {
    let report: Report
    do { report = try await load() } catch {
        FileHandle.standardError.write(Data("kvbench: \(error)\n".utf8))
        throw ExitCode.failure
    }
    print(ReportText.render(report, format: format))
}

struct PutCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(commandName: "put", abstract: "Put keys: --total puts of --val-size bytes.")

    @OptionGroup var load: LoadOptions

    func run() async throws {
        let settings = try load.settings()
        try await runAndPrint(format: settings.format) {
            try await KVLoad(settings: settings, readRatio: 0, serializable: false).run()
        }
    }
}

struct GetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "get", abstract: "Get keys (written first, unmeasured): linearizable, or --serializable.")

    @OptionGroup var load: LoadOptions
    @Flag(help: "Serializable reads: any member answers from its own store, without asking the leader.")
    var serializable = false

    func run() async throws {
        let settings = try load.settings()
        try await runAndPrint(format: settings.format) {
            try await KVLoad(settings: settings, readRatio: 1, serializable: serializable).run()
        }
    }
}

struct MixedCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mixed", abstract: "Gets and puts of the same keys, --read-ratio of them gets.")

    @OptionGroup var load: LoadOptions
    @Option(name: .customLong("read-ratio"), help: "Fraction of requests that are gets, between 0 and 1.")
    var readRatio = 0.9
    @Flag(help: "Serializable reads: any member answers from its own store, without asking the leader.")
    var serializable = false

    func validate() throws {
        guard (0...1).contains(readRatio) else { throw ValidationError("--read-ratio must be between 0 and 1, not \(readRatio)") }
    }

    func run() async throws {
        let settings = try load.settings()
        try await runAndPrint(format: settings.format) {
            try await KVLoad(settings: settings, readRatio: readRatio, serializable: serializable).run()
        }
    }
}

struct WatchCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "watch",
        abstract: "Watch fan-out latency: --watchers streams on one key, --total puts of it, one at a time.")

    @OptionGroup var load: LoadOptions
    @Option(help: "Watch streams, spread over the --clients connections.")
    var watchers = 100

    func validate() throws {
        guard (1...WatchLoad.watchersMax).contains(watchers) else {
            throw ValidationError("--watchers must be between 1 and \(WatchLoad.watchersMax), not \(watchers)")
        }
        guard load.valSize >= WatchStamp.bytes else {
            throw ValidationError("--val-size must be at least \(WatchStamp.bytes) for watch: the value carries the send time")
        }
    }

    func run() async throws {
        let settings = try load.settings()
        try await runAndPrint(format: settings.format) { try await WatchLoad(settings: settings, watchers: watchers).run() }
    }
}

struct CompareCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "compare",
        abstract: "Two `-w json` reports of one workload side by side, with the second's ratio to the first.")

    @Argument(help: "The baseline report (e.g. etcd's).")
    var baseline: String
    @Argument(help: "The report to compare with it (e.g. kvd's).")
    var candidate: String
    @Option(name: .customLong("baseline-name"), help: "What to call the baseline.")
    var baselineName = "etcd"
    @Option(name: .customLong("candidate-name"), help: "What to call the candidate.")
    var candidateName = "kvd"

    func run() throws {
        do {
            let comparison = try Comparison.make(baselineName: baselineName, baseline: try Self.read(baseline),
                                                 candidateName: candidateName, candidate: try Self.read(candidate))
            print(comparison.text)
        } catch {
            FileHandle.standardError.write(Data("kvbench: \(error)\n".utf8))
            throw ExitCode.failure
        }
    }

    private static func read(_ path: String) throws(SettingsError) -> Report {
        let data: Data
        do { data = try Data(contentsOf: URL(fileURLWithPath: path)) } catch { throw SettingsError("cannot read \(path): \(error.localizedDescription)") }
        do { return try ReportText.decode(data) } catch { throw SettingsError("\(path) is not a kvbench -w json report: \(error)") }
    }
}
