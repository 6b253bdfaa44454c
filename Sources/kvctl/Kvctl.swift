import ArgumentParser
import BuildInfo
import Foundation

/// The root command: etcdctl's vocabulary, output for pipes.
struct Kvctl: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvctl",
        abstract: "The kvd client: etcdctl's commands and output, and formats made for shell pipes.",
        discussion: """
        Works with kvd and with etcd (v3 API). Global flags may also come from the environment as \
        KVCTL_<FLAG> or ETCDCTL_<FLAG> (e.g. KVCTL_ENDPOINTS, ETCDCTL_WRITE_OUT); a flag on the \
        command line wins. Endpoints are tried in turn until one can be reached, each within \
        --dial-timeout; watches and keep-alives resume on the next one when theirs breaks.

        \(PipeText.help)

        Exit status: 0 success, 1 error, 2 bad connection, 3 invalid input, 4 unsupported \
        feature, 5 interrupted, 6 I/O error, 128 bad arguments; the error is one line on stderr. \
        A closed output pipe ends kvctl quietly with status 0.
        """,
        version: BuildInfo.version,
        subcommands: [
            Get.self, Put.self, Del.self, Txn.self, Compaction.self, Watch.self, Lease.self, Member.self,
            EndpointCommand.self, Alarm.self, Defrag.self, Snapshot.self, MoveLeader.self, Check.self,
            User.self, Role.self, Auth.self, Version.self,
        ]
    )
}

/// A leaf command: it resolves the global flags and runs against the cluster; errors
/// become etcdctl's one line and exit status in `main`.
protocol KvctlCommand: AsyncParsableCommand {
    var global: GlobalOptions { get }
    func execute(_ settings: Settings) async throws
}

extension KvctlCommand {
    func run() async throws {
        let settings = try global.settings(environment: ProcessInfo.processInfo.environment)
        if settings.debug {
            let configuration = settings.configuration
            StandardStreams.writeError(line: "endpoints=\(configuration.endpoints.map(\.description).joined(separator: ",")) "
                + "dial-timeout=\(goDuration(configuration.dialTimeout)) command-timeout=\(goDuration(configuration.commandTimeout)) "
                + "write-out=\(settings.printer.format.rawValue) tls=\(configuration.tls != nil) "
                + "user=\(configuration.credentials?.user ?? "")")
        }
        try await execute(settings)
    }
}

@main
enum Main {
    static func main() async {
        signal(SIGPIPE, SIG_IGN)
        do {
            var command = try Kvctl.parseAsRoot(LeadingGlobalFlags.reorder(Array(CommandLine.arguments.dropFirst())))
            if var command = command as? any AsyncParsableCommand {
                try await command.run()
            } else {
                try command.run()
            }
            exit(ExitStatus.success.rawValue)
        } catch is BrokenPipe {
            exit(ExitStatus.success.rawValue)
        } catch let error as KvctlError {
            fail(error)
        } catch let error where Kvctl.exitCode(for: error) == .success {
            Kvctl.exit(withError: error)
        } catch let error where isArgumentError(error) {
            fail(.badArguments(Kvctl.message(for: error)))
        } catch {
            fail(KvctlError(error))
        }
    }

    /// Errors from parsing the command line (ArgumentParser's own kinds).
    private static func isArgumentError(_ error: any Error) -> Bool {
        error is ValidationError || String(reflecting: type(of: error)).hasPrefix("ArgumentParser.")
    }

    private static func fail(_ error: KvctlError) -> Never {
        // An empty message: the command has already said what failed, as etcdctl does.
        if !error.message.isEmpty {
            StandardStreams.writeError(line: "Error: " + error.message.replacingOccurrences(of: "\n", with: " "))
        }
        exit(error.status.rawValue)
    }
}
