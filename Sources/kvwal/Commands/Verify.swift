import ArgumentParser
import WAL

struct Verify: WALInspection {
    static let configuration = CommandConfiguration(
        abstract: "Check every record: framing, the CRC chain, the segment sequence and index continuity.",
        discussion: """
        Exit status 0 with "ok: N records in M segments, entries X..Y" when the whole WAL checks \
        out; 1 with one line on stderr naming the file, the byte offset and the reason of the \
        first damage (with -w json, a "damage" object on stdout instead); 2 when the WAL cannot \
        be read at all. A torn tail (a damaged last record with nothing valid after it) is \
        reported too: opening the WAL would truncate it, and on a live member it may be a record \
        being written, so run verify again to tell.
        """)

    @OptionGroup var options: CommonOptions

    /// `stats()` walks the WAL with the same checks as `verify()`, and also counts.
    func inspect(_ reader: WALReader, emit: (String) -> Void) throws -> WALError? {
        let stats = try reader.stats()
        guard stats.damage == nil else { return stats.damage }
        let records = stats.recordCounts.values.reduce(0, +)
        switch options.writeOut {
        case .simple:
            let entries = stats.firstIndex.map { "entries \($0)..\(stats.lastIndex ?? $0)" } ?? "no entries"
            emit("ok: \(records) records in \(stats.segments.count) segments, \(entries)")
        case .json:
            emit(JSON.object([
                ("type", .string("verify")), ("ok", .bool(true)), ("records", .int(records)),
                ("segments", .int(stats.segments.count)),
                ("first_index", .optional(stats.firstIndex)), ("last_index", .optional(stats.lastIndex)),
            ]).line)
        }
        return nil
    }
}
