import ArgumentParser
import WAL

struct Stat: WALInspection {
    static let configuration = CommandConfiguration(
        abstract: "Show the segments and their sizes, the entry index range and the records per kind.",
        discussion: """
        Sizes are in bytes: a segment's file size, the bytes its records use, and the \
        preallocated (zero-filled) space after them. When the WAL is damaged, the figures cover \
        what was read before the damage, and the exit status is 1 as for verify.
        """)

    @OptionGroup var options: CommonOptions

    func inspect(_ reader: WALReader, emit: (String) -> Void) throws -> WALError? {
        let stats = try reader.stats()
        switch options.writeOut {
        case .simple: Self.lines(stats).forEach(emit)
        case .json: emit(Self.object(stats).line)
        }
        return stats.damage
    }

    private static func usedBytes(_ stats: WALStats) -> Int {
        stats.segments.reduce(0) { $0 + $1.usedBytes }
    }

    private static func count(_ stats: WALStats, _ kind: WALRecordKind) -> Int {
        stats.recordCounts[kind] ?? 0
    }

    static func lines(_ stats: WALStats) -> [String] {
        let segments = stats.segments.map { "  \($0.name.fileName)  \($0.fileBytes) bytes, \($0.usedBytes) used" }
        let entries = stats.firstIndex.map { "\($0)..\(stats.lastIndex ?? $0)" } ?? "none"
        let counts = WALRecordKind.allCases.map { "\(RecordKind($0).rawValue) \(count(stats, $0))" }
        return ["segments: \(stats.segments.count), \(stats.totalBytes) bytes, \(usedBytes(stats)) used, "
                + "\(stats.unusedPreallocatedBytes) preallocated and unused"]
            + segments
            + ["entries: \(entries)",
               "records: \(stats.recordCounts.values.reduce(0, +)) (\(counts.joined(separator: ", ")))"]
    }

    static func object(_ stats: WALStats) -> JSON {
        let segments = stats.segments.map { segment in
            JSON.object([("name", .string(segment.name.fileName)), ("file_bytes", .int(segment.fileBytes)),
                         ("used_bytes", .int(segment.usedBytes))])
        }
        let counts = WALRecordKind.allCases.map { (RecordKind($0).jsonName, JSON.int(count(stats, $0))) }
        return .object([
            ("type", .string("stat")), ("segments", .array(segments)),
            ("total_bytes", .int(stats.totalBytes)), ("used_bytes", .int(usedBytes(stats))),
            ("unused_preallocated_bytes", .int(stats.unusedPreallocatedBytes)),
            ("first_index", .optional(stats.firstIndex)), ("last_index", .optional(stats.lastIndex)),
            ("record_counts", .object(counts)),
        ])
    }
}
