import API
import ArgumentParser
import Foundation

struct Snapshot: AsyncParsableCommand {
    static let configuration = CommandConfiguration(abstract: "Manages etcd node snapshots.", subcommands: [Save.self, Status.self])

    struct Save: KvctlCommand {
        static let configuration = CommandConfiguration(
            abstract: "Stores an etcd node backend snapshot to a given file.",
            discussion: "Writes <filename>.part, syncs it and renames it; shows progress when stderr is a terminal.")
        @OptionGroup var global: GlobalOptions
        @Argument(help: "<filename>") var arguments: [String] = []

        func execute(_ settings: Settings) async throws {
            guard arguments.count == 1 else { throw KvctlError.badArguments("snapshot save expects one argument") }
            let endpoints = settings.configuration.endpoints
            guard endpoints.count == 1 else {
                throw KvctlError.failed("snapshot must be requested to one selected node, not multiple [\(endpoints.map(\.description).joined(separator: " "))]")
            }
            let path = arguments[0]
            let partial = path + ".part"
            let descriptor = open(partial, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o600)
            guard descriptor >= 0 else {
                // etcdctl's words and status: a save that did not happen is "interrupted".
                throw KvctlError(status: .interrupted, message: "could not open \(partial) (open \(partial): \(goErrno(errno)))")
            }
            let file = FileHandle(fileDescriptor: descriptor, closeOnDealloc: true)
            let progress = isatty(STDERR_FILENO) == 1
            let size: UInt64
            do {
                size = try await settings.client.withConnection { connection in
                    try await connection.maintenance.snapshot(Etcdserverpb_SnapshotRequest(), metadata: connection.metadata,
                                                              options: connection.streamOptions) { response in
                        var received: UInt64 = 0
                        for try await chunk in response.messages {
                            try file.write(contentsOf: chunk.blob)
                            received += UInt64(chunk.blob.count)
                            if progress { Self.showProgress(received: received, remaining: chunk.remainingBytes) }
                        }
                        return received
                    }
                }
                try file.synchronize()
                try file.close()
                if progress { StandardStreams.writeError(line: "") }
                guard rename(partial, path) == 0 else {
                    throw KvctlError(status: .interrupted, message: "rename \(partial) \(path): \(goErrno(errno))")
                }
            } catch {
                try? file.close()
                try? FileManager.default.removeItem(atPath: partial)
                throw error
            }
            let record = PipeRecord([("path", .text(path)), ("size", .int(Int64(size)))])
            try StandardStreams.write(settings.printer.sentence("Snapshot saved at \(path)", or: record))
        }

        private static func showProgress(received: UInt64, remaining: UInt64) {
            let total = received + remaining
            let percent = total == 0 ? 100 : received * 100 / total
            let width = 30
            let filled = Int(percent) * width / 100
            var buffer = OutputBuffer()
            buffer.append("\r[" + String(repeating: "#", count: filled) + String(repeating: " ", count: width - filled)
                          + "] \(humanBytes(Int64(received))) / \(humanBytes(Int64(total))) \(percent)%")
            StandardStreams.writeError(buffer)
        }
    }
}
