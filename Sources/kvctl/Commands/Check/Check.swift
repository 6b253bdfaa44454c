import API
import ArgumentParser
import Client
import Foundation

struct Check: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "commands for checking properties of the etcd cluster",
                                                    subcommands: [Perf.self])

    struct Perf: KvctlCommand {
        static let configuration = CommandConfiguration(
            commandName: "perf", abstract: "Check the performance of the etcd cluster",
            discussion: """
            Writes --load's rate of 256-byte keys with 1 KiB values under --prefix for 60s (or \
            --duration, kvctl's addition), deletes them, and prints etcdctl's verdict: PASS \
            when the throughput is above 90% of the rate, the slowest request took at most \
            0.5s, the latencies' standard deviation is at most 0.1s, and no request failed; \
            otherwise FAIL and exit status 1. Loads: s 150 writes/s from 50 writers, m 1000 \
            from 200, l 8000 from 500, xl 15000 from 1000. Progress goes to stderr when it \
            is a terminal.
            """)
        @OptionGroup var global: GlobalOptions
        @Option(help: "The performance check's workload model. Accepted workloads: s(small), m(medium), l(large), xl(xLarge)")
        var load = "s"
        @Option(help: "The prefix for writing the performance check's keys.") var prefix = "/etcdctl-check-perf/"
        @Flag(name: .customLong("auto-compact"), help: "Compact storage with last revision after test is finished.")
        var autoCompact = false
        @Flag(name: .customLong("auto-defrag"), help: "Defragment storage after test is finished.") var autoDefrag = false
        @Option(help: "How long the load runs (default 60s, as etcdctl's).") var duration = "60s"

        func execute(_ settings: Settings) async throws {
            guard let model = PerfLoad.named(load) else { throw KvctlError.unsupported("unknown load option \(load)") }
            guard let length = GoValue.duration(duration), length > .zero else {
                throw KvctlError.badArguments("invalid argument \"\(duration)\" for \"--duration\" flag: time: invalid duration \"\(duration)\"")
            }
            let client = settings.client
            var range = Etcdserverpb_RangeRequest()
            (range.key, range.rangeEnd) = (Data(prefix.utf8), KeyArguments.prefixEnd(Data(prefix.utf8)))
            range.countOnly = true
            let existing = try await client.withConnection { try await $0.kv.range(range, metadata: $0.metadata, options: $0.options) }
            guard existing.count == 0 else {
                throw KvctlError.invalidInput("prefix \(GoText.quote(Array(prefix.utf8))) has keys. Delete with etcdctl del --prefix \(prefix) first")
            }

            let showProgress = isatty(STDERR_FILENO) == 1
            let totalSeconds = Int(PerfRun.seconds(length).rounded(.up))
            let results = try await PerfRun(load: model, prefix: prefix, duration: length, client: client).run { second in
                if showProgress { Self.showProgress(second: min(second, totalSeconds), of: totalSeconds) }
            }
            if showProgress { StandardStreams.writeError(line: "") }
            var buffer = try await cleanUp(settings)
            let verdict = results.verdict(for: model)
            let record = PipeRecord([("pass", .bool(verdict.passed)), ("throughput", .int(Int64(results.throughput.rounded()))),
                                     ("slowest", .decimal(results.slowestSeconds)), ("stddev", .decimal(results.stddevSeconds)),
                                     ("errors", .int(Int64(results.errors.values.reduce(0, +))))])
            buffer.append(settings.printer.sentence(verdict.lines.joined(separator: "\n"), or: record).bytes)
            try StandardStreams.write(buffer)
            if !verdict.passed { throw KvctlError(status: .error, message: "") }
        }

        /// Deletes the test's keys, then compacts and defragments when asked, saying so as etcdctl does.
        private func cleanUp(_ settings: Settings) async throws -> OutputBuffer {
            var delete = Etcdserverpb_DeleteRangeRequest()
            (delete.key, delete.rangeEnd) = (Data(prefix.utf8), KeyArguments.prefixEnd(Data(prefix.utf8)))
            let deleted = try await settings.client.withConnection {
                try await $0.kv.deleteRange(delete, metadata: $0.metadata, options: $0.options)
            }
            var buffer = OutputBuffer()
            let pipe = settings.printer.format == .lines || settings.printer.format == .ndjson
            if autoCompact {
                let revision = deleted.header.revision
                if !pipe { buffer.line("Compacting with revision \(revision)") }
                var compaction = Etcdserverpb_CompactionRequest()
                compaction.revision = revision
                compaction.physical = true
                _ = try await settings.client.withConnection { try await $0.kv.compact(compaction, metadata: $0.metadata, options: $0.options) }
                if !pipe { buffer.line("Compacted with revision \(revision)") }
            }
            if autoDefrag {
                for endpoint in settings.configuration.endpoints {
                    if !pipe { buffer.line("Defragmenting \(GoText.quote(Array(endpoint.description.utf8)))") }
                    _ = try await settings.client.withConnection(to: endpoint) {
                        try await $0.maintenance.defragment(Etcdserverpb_DefragmentRequest(), metadata: $0.metadata, options: $0.options)
                    }
                    if !pipe { buffer.line("Defragmented \(GoText.quote(Array(endpoint.description.utf8)))") }
                }
            }
            return buffer
        }

        private static func showProgress(second: Int, of total: Int) {
            let width = 40
            let filled = total == 0 ? width : second * width / total
            var buffer = OutputBuffer()
            buffer.append("\r \(second) / \(total) [" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                          + "] " + String(format: "%.2f%%", total == 0 ? 100 : Double(second) * 100 / Double(total)))
            StandardStreams.writeError(buffer)
        }
    }
}
