import ArgumentParser
import Foundation
import WAL

/// How lines are written: words for people, or one JSON object per line for `jq`.
enum OutputFormat: String, CaseIterable, ExpressibleByArgument {
    case simple
    case json
}

/// What every subcommand takes: where the WAL is, and how to write.
struct CommonOptions: ParsableArguments {
    @Argument(help: "The member's data directory; the WAL is read from <data-dir>/member/wal.")
    var dataDir: String?

    @Option(name: .customLong("wal-dir"), help: ArgumentHelp("Read the WAL from this directory instead.", valueName: "dir"))
    var walDir: String?

    @Option(name: [.customShort("w"), .customLong("write-out")], help: "Output format: simple or json (one object per line).")
    var writeOut: OutputFormat = .simple

    func validate() throws {
        guard dataDir != nil || walDir != nil else {
            throw ValidationError("Give the member's data directory (or --wal-dir).")
        }
    }

    /// A reader of the WAL, or a failure that says plainly what is missing.
    func openReader() throws -> WALReader {
        if let walDir {
            guard Self.isDirectory(walDir) else { throw KvwalFailure("no such directory: \(walDir)") }
            return try WALReader(directory: walDir)
        }
        guard let dataDir else { preconditionFailure("validate() requires a data directory or --wal-dir") }
        guard Self.isDirectory(dataDir) else { throw KvwalFailure("no such directory: \(dataDir)") }
        let directory = URL(fileURLWithPath: dataDir).appendingPathComponent("member/wal").path
        guard Self.isDirectory(directory) else {
            throw KvwalFailure("no WAL in \(dataDir): \(directory) does not exist (use --wal-dir for a WAL elsewhere)")
        }
        return try WALReader(directory: directory)
    }

    private static func isDirectory(_ path: String) -> Bool {
        var isDirectory: ObjCBool = false
        return FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) && isDirectory.boolValue
    }
}

/// Input kvwal cannot read at all (as opposed to a WAL it reads and finds damaged).
struct KvwalFailure: Error, CustomStringConvertible {
    let description: String

    init(_ description: String) { self.description = description }
}
