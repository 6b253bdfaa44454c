import ArgumentParser
import BuildInfo
import Foundation

/// A load generator for etcd v3 API servers (kvd or etcd): the same requests against either,
/// so that their throughput and latency can be compared on one machine.
@main
struct Kvbench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "kvbench",
        abstract: "Load generator for the etcd v3 API: throughput and latency of kvd or etcd.",
        discussion: """
        Each client has its own connection; clients go to the endpoints in turn. A run stops after \
        --total requests or --max-seconds, whichever comes first. Latency is measured per request \
        from send to answer (watch: from sending the put to the event's arrival). `compare` reads \
        two `-w json` reports and prints the second's ratio to the first.
        """,
        version: BuildInfo.version,
        subcommands: [PutCommand.self, GetCommand.self, MixedCommand.self, WatchCommand.self, CompareCommand.self]
    )
}
