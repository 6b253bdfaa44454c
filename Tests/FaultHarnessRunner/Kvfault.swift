import ArgumentParser
import FaultHarness
import Foundation

/// `kvfault`: one fault campaign against real kvd members; prints one summary line and keeps
/// the history, the report and the member logs of a run that did not check out.
@main
struct Kvfault: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvfault",
        abstract: "Runs kvd members under faults while clients record a history, then checks it.",
        discussion: """
            Partitions put each member in a network namespace of its own, joined by a bridge in \
            another where kvfault itself runs (root, ip and nft needed); the namespaces are removed \
            at the end. Exit status: 0 valid, 1 INVALID, 2 the campaign could not run, 3 undecided.
            """)

    @Option(help: "The seed the workload and the fault schedule follow.")
    var seed: UInt64 = 1

    @Option(help: "Seconds of faults and traffic.")
    var duration: Double = 60

    @Option(help: "Cluster size.")
    var members = 3

    @Option(help: "Concurrent clients.")
    var clients = 5

    @Option(help: "Fault kinds, comma-separated: \(FaultKind.allCases.map(\.rawValue).joined(separator: ", ")); none for none.")
    var faults = FaultKind.allCases.map(\.rawValue).joined(separator: ",")

    @Option(help: "The kvd executable (default: the one beside kvfault).")
    var kvd: String?

    @Option(help: "Where the run's data, logs and history go (default: a new temporary directory).")
    var directory: String?

    @Flag(help: "Keep the run's directory even when the history checks out.")
    var keep = false

    @Option(help: .hidden)
    var lab: String?

    func validate() throws {
        guard duration > 0 && duration <= 86_400 else { throw ValidationError("--duration must be above 0 and at most 86400 seconds") }
        guard (1...7).contains(members) else { throw ValidationError("--members must be 1 to 7") }
        guard (1...64).contains(clients) else { throw ValidationError("--clients must be 1 to 64") }
        _ = try faultKinds()
    }

    func faultKinds() throws -> [FaultKind] {
        guard faults != "none" else { return [] }
        return try faults.split(separator: ",").map { name in
            guard let kind = FaultKind(rawValue: String(name)) else { throw ValidationError("unknown fault kind '\(name)'") }
            return kind
        }
    }

    func run() async throws {
        if lab == nil, try faultKinds().contains(where: \.needsNamespaces) {
            try runInsideNamespaces()
            return
        }
        let runDirectory = URL(fileURLWithPath: directory ?? FileManager.default.temporaryDirectory
            .appendingPathComponent("kvfault-\(seed)-\(UUID().uuidString)").path)
        try FileManager.default.createDirectory(at: runDirectory, withIntermediateDirectories: true)
        guard try FileManager.default.contentsOfDirectory(atPath: runDirectory.path).isEmpty else {
            throw ValidationError("--directory \(runDirectory.path) is not empty: a campaign starts from new data directories")
        }
        let executable = kvd.map { URL(fileURLWithPath: $0) }
            ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("kvd")
        let options = CampaignOptions(seed: seed, durationSeconds: duration, members: members, clients: clients,
                                      faults: try faultKinds(), kvd: executable, directory: runDirectory,
                                      lab: lab.map { NetworkLab(name: $0, size: members) })
        let summary: CampaignSummary
        do {
            summary = try await Campaign(options: options).run()
        } catch {
            print("kvfault: the campaign could not run: \(error)\nkept in \(runDirectory.path): m*.log")
            throw ExitCode(2)
        }
        print(summary.line)
        if keep || summary.result != .valid {
            try summary.report.write(to: runDirectory.appendingPathComponent("report.txt"), atomically: true, encoding: .utf8)
            try summary.history.joined(separator: "\n").write(to: runDirectory.appendingPathComponent("history.txt"),
                                                              atomically: true, encoding: .utf8)
            print("kept in \(runDirectory.path): report.txt, history.txt, m*.log (replay: kvfault --seed \(seed) --duration \(duration) --members \(members) --clients \(clients) --faults \(faults))")
        } else {
            try? FileManager.default.removeItem(at: runDirectory)
        }
        if summary.result != .valid {
            print(summary.report)
            throw ExitCode(summary.result == .invalid ? 1 : 3)
        }
    }

    /// Makes the namespaces, runs this same command inside the hub's, and removes them.
    private func runInsideNamespaces() throws {
        let lab = try NetworkLab.create(size: members)
        defer { lab.destroy() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/sbin/ip")
        let executable = try FileManager.default.destinationOfSymbolicLink(atPath: "/proc/self/exe")
        process.arguments = ["netns", "exec", lab.hub, executable] + Array(CommandLine.arguments.dropFirst())
            + ["--lab", lab.name]
        try process.run()
        process.waitUntilExit()
        guard process.terminationReason == .exit else {
            print("kvfault: the campaign ended by signal \(process.terminationStatus)")
            throw ExitCode(2)
        }
        guard process.terminationStatus == 0 else { throw ExitCode(process.terminationStatus) }
    }
}
