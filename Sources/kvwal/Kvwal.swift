import ArgumentParser
import BuildInfo
import WAL

/// The root command: the subcommands, the version, and the on-disk format in its help.
struct Kvwal: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvwal",
        abstract: "Inspect a kvd member's write-ahead log: dump, verify, stat.",
        discussion: """
        Each subcommand takes the member's data directory, as etcd-dump-logs does (e.g. \
        kvwal verify /var/lib/kvd), and reads <data-dir>/member/wal, or the directory \
        --wal-dir names. kvwal only reads, so it can run beside a live member; a record being \
        written may then show as a torn tail. -w json writes one JSON object per line.

        Exit status: 0 when the WAL checks out, 1 when it is damaged, 2 when it cannot be read.

        \(HelpText.wrapped(WALFormat.description))
        """,
        version: BuildInfo.version,
        subcommands: [Dump.self, Verify.self, Stat.self],
        defaultSubcommand: Dump.self
    )
}
