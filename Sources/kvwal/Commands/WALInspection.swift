import ArgumentParser
import Foundation
import WAL

/// A subcommand that reads the WAL and writes lines about it. The exit status is shared:
/// 0 when the WAL read checks out, 1 when it is damaged (after the lines for what came before
/// the damage, and a line about the damage: on stderr in the simple format, a "damage" object
/// on stdout in JSON), 2 when it cannot be read at all (a one-line message on stderr).
protocol WALInspection: ParsableCommand {
    var options: CommonOptions { get }

    /// Writes the lines for the WAL `reader` reads; returns the damage that stopped the walk.
    func inspect(_ reader: WALReader, emit: (String) -> Void) throws -> WALError?
}

extension WALInspection {
    func run() throws {
        let damage: WALError?
        do {
            damage = try inspect(try options.openReader(), emit: { print($0) })
        } catch {
            fflush(nil)
            StandardError.writeLine("kvwal: \(error)")
            throw ExitCode(2)
        }
        fflush(nil)
        guard let damage else { return }
        switch options.writeOut {
        case .simple: StandardError.writeLine(RecordDescription.damage(damage))
        case .json: print(RecordJSON.damage(damage).line)
        }
        fflush(nil)
        throw ExitCode.failure
    }
}

enum StandardError {
    /// Unbuffered, after stdout has been flushed, so the lines come out in order on a terminal.
    static func writeLine(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}
