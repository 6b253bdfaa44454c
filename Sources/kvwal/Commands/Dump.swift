import ArgumentParser
import WAL

struct Dump: WALInspection {
    static let configuration = CommandConfiguration(
        abstract: "List the records in order (the default subcommand).",
        discussion: """
        Entries show their index, term, kind and request in words; hard states their term, \
        vote and commit; snapshot markers their index and term; metadata the member and cluster \
        ids. In the simple format, records follow a line naming their segment, each after its \
        byte offset. Keys, values and other bytes print as text where they are printable UTF-8; \
        any other byte prints as \\xHH and a backslash as \\\\. Ids print in hex, as etcdctl \
        prints them. In JSON, bytes that are not valid UTF-8 are base64 under a name ending \
        in _base64 (e.g. "key_base64"), and ids are hex strings.
        """)

    @OptionGroup var options: CommonOptions

    @Option(name: .customLong("from"), help: ArgumentHelp("Show entries from this index on.", valueName: "index"))
    var fromIndex: UInt64?

    @Option(name: .customLong("to"), help: ArgumentHelp("Show entries up to this index (inclusive).", valueName: "index"))
    var toIndex: UInt64?

    @Option(name: .customLong("kind"), help: ArgumentHelp(
        "Show only records of this kind (repeatable). --from and --to do not hide other kinds; add --kind entry for entries alone.",
        valueName: "kind"))
    var kinds: [RecordKind] = []

    func validate() throws {
        if let fromIndex, let toIndex, fromIndex > toIndex {
            throw ValidationError("--from \(fromIndex) is after --to \(toIndex).")
        }
    }

    func inspect(_ reader: WALReader, emit: (String) -> Void) throws -> WALError? {
        let filter = RecordFilter(kinds: kinds, fromIndex: fromIndex, toIndex: toIndex)
        var headedSegment: WALSegmentName?
        return try reader.forEachRecord { located in
            guard filter.selects(located.record) else { return }
            switch options.writeOut {
            case .simple:
                if headedSegment != located.segment {
                    emit(RecordDescription.segmentHeader(located.segment))
                    headedSegment = located.segment
                }
                emit(RecordDescription.line(located))
            case .json:
                emit(RecordJSON.object(located).line)
            }
        }
    }
}
