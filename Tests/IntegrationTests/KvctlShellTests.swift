import Foundation
import TestSupport
import Testing

extension Integration {
/// What kvctl gives the shell beyond its output: completion scripts each shell accepts and
/// completes from, exit statuses 5 and 6, and the snapshot progress bar on a terminal.
@Suite struct KvctlShellTests {
    private func completionScript(_ shell: String) throws -> String {
        let generated = try runCommand(Binaries.kvctl, ["--generate-completion-script", shell], environment: Kvctl.environment)
        #expect(generated.status == 0, "\(shell): \(generated)")
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("kvctl-completion-\(UUID().uuidString).\(shell)")
        try Data(generated.stdout.utf8).write(to: path)
        return path.path
    }

    /// Each shell completes a command, a nested command and an option from the script the
    /// README tells operators to install (zsh, which completes only in a terminal, checks its syntax).
    @Test func completionScriptsComplete() throws {
        let bash = try completionScript("bash")
        defer { try? FileManager.default.removeItem(atPath: bash) }
        let bashCompletions = try runCommand(URL(fileURLWithPath: "/bin/bash"), ["-c", """
            source "$1"
            complete_line() {
              COMP_LINE="$1"; COMP_POINT=${#1}; read -ra COMP_WORDS <<< "$1"; COMP_CWORD=$((${#COMP_WORDS[@]} - 1)); COMPREPLY=()
              _kvctl kvctl "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
              echo "${COMPREPLY[*]}"
            }
            complete_line "kvctl ge"
            complete_line "kvctl lease t"
            complete_line "kvctl get --so"
            """, "bash", bash], environment: Kvctl.environment)
        #expect(bashCompletions.stdout == "get\ntimetolive\n--sort-by\n", "\(bashCompletions)")

        let fish = try completionScript("fish")
        defer { try? FileManager.default.removeItem(atPath: fish) }
        let fishCompletions = try runCommand(URL(fileURLWithPath: "/usr/bin/fish"), ["--no-config", "-c", """
            source $argv[1]
            complete -C'kvctl ge'; complete -C'kvctl lease t'; complete -C'kvctl get --so'
            """, fish], environment: Kvctl.environment)
        #expect(fishCompletions.stdout.split(separator: "\n").map { $0.prefix { $0 != "\t" } } == ["get", "timetolive", "--sort-by"],
                "\(fishCompletions)")

        let zsh = try completionScript("zsh")
        defer { try? FileManager.default.removeItem(atPath: zsh) }
        let zshCheck = try runCommand(URL(fileURLWithPath: "/usr/bin/zsh"), ["-n", zsh])
        #expect(zshCheck.status == 0, "\(zshCheck)")
        let zshText = try String(contentsOfFile: zsh, encoding: .utf8)
        #expect(zshText.hasPrefix("#compdef kvctl") && zshText.contains("'timetolive:") && zshText.contains("--sort-by"))
    }

    /// Status 5 (interrupted) where etcdctl exits 5: a snapshot that cannot be saved, a watch
    /// the server cancels. The same status and lines as etcdctl.
    @Test func interruptedCommandsExitFiveAsEtcdctl() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        for index in 0..<4 { #expect(try Kvctl.run(["put", "k", "v\(index)"], endpoints: cluster.endpoints).status == 0) }
        #expect(try Kvctl.run(["compaction", "4"], endpoints: cluster.endpoints).status == 0)
        let unwritable = cluster.root.appendingPathComponent("no-such-directory/snapshot.db").path
        for arguments in [["snapshot", "save", unwritable], ["watch", "k", "--rev", "2"]] {
            let expected = try Etcdctl.run(arguments, endpoints: cluster.endpoints)
            let actual = try Kvctl.run(arguments, endpoints: cluster.endpoints)
            #expect(expected.status == 5 && actual.status == expected.status, "\(arguments): kvctl \(actual)")
            #expect(actual.stdout == expected.stdout, "\(arguments): kvctl:\n\(actual.stdout)\netcdctl:\n\(expected.stdout)")
            #expect(Normalize.output(actual.stderr) == Normalize.output(expected.stderr), "\(arguments): kvctl:\n\(actual.stderr)\netcdctl:\n\(expected.stderr)")
        }
    }

    /// Status 6 where output cannot be written (etcdctl ignores the error and says 0), unlike a
    /// closed pipe, which ends kvctl quietly with 0.
    @Test func outputThatCannotBeWrittenExitsSix() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        #expect(try Kvctl.run(["put", "k", "v"], endpoints: cluster.endpoints).status == 0)
        let full = try Kvctl.shell("kvctl get k > /dev/full", endpoints: cluster.endpoints)
        #expect(full.status == 6 && full.stderr == "Error: write: No space left on device\n", "\(full)")
        let closed = try Kvctl.shell("set -o pipefail; kvctl get k --prefix | true", endpoints: cluster.endpoints)
        #expect(closed.status == 0 && closed.stderr.isEmpty, "\(closed)")
    }

    /// `--debug` (or KVCTL_DEBUG / ETCDCTL_DEBUG) puts the resolved settings on stderr and
    /// leaves stdout to the command, so a pipe still reads only the answer.
    @Test func debugPrintsTheSettingsOnStderrOnly() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        #expect(try Kvctl.run(["put", "k", "v"], endpoints: cluster.endpoints).status == 0)
        let expected = "endpoints=\(cluster.endpoints) dial-timeout=2s command-timeout=5s write-out=simple tls=false user=\n"
        let flag = try Kvctl.run(["--debug", "get", "k", "--print-value-only"], endpoints: cluster.endpoints)
        #expect(flag.status == 0 && flag.stdout == "v\n" && flag.stderr == expected, "\(flag)")
        let environment = try Kvctl.shell("ETCDCTL_DEBUG=true kvctl --dial-timeout 2s --command-timeout 5s get k --print-value-only",
                                          endpoints: cluster.endpoints)
        #expect(environment.status == 0 && environment.stdout == "v\n" && environment.stderr == expected, "\(environment)")
    }

    /// On a terminal (script(1) gives it one) snapshot save draws a bar that ends at 100%;
    /// in a pipe it prints only the sentence.
    @Test func snapshotSaveShowsProgressOnATerminal() throws {
        let cluster = try ProcessCluster(.kvd, size: 1)
        defer { cluster.stop() }
        let value = String(repeating: "x", count: 100_000)
        for index in 0..<30 { #expect(try Kvctl.run(["put", "k\(index)", value], endpoints: cluster.endpoints).status == 0) }
        let onTerminal = cluster.root.appendingPathComponent("terminal.db").path
        let terminal = try Kvctl.shell("script -qec 'kvctl snapshot save \(onTerminal)' /dev/null", endpoints: cluster.endpoints)
        #expect(terminal.status == 0, "\(terminal)")
        let bars = terminal.stdout.split(separator: "\r").filter { $0.hasPrefix("[") }
        #expect(bars.count >= 2, "\(terminal.stdout)")
        #expect(bars.last?.contains("[" + String(repeating: "#", count: 30) + "]") == true && bars.last?.contains(" 100%") == true,
                "\(terminal.stdout)")
        #expect(terminal.stdout.hasSuffix("Snapshot saved at \(onTerminal)\r\n"), "\(terminal.stdout)")

        let inPipe = cluster.root.appendingPathComponent("pipe.db").path
        let piped = try Kvctl.shell("kvctl snapshot save \(inPipe) 2>&1 | cat", endpoints: cluster.endpoints)
        #expect(piped.status == 0 && piped.stdout == "Snapshot saved at \(inPipe)\n", "\(piped)")
    }
}
}
