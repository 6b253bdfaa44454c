/// A record and where it was found, as the inspector shows it.
public struct WALLocatedRecord: Sendable, Equatable {
    public let segment: WALSegmentName
    public let offsetBytes: Int
    /// The frame's length: header, body and padding.
    public let frameBytes: Int
    public let crc: UInt32
    public let record: WALRecord

    public var fileName: String { segment.fileName }
    public var kind: WALRecordKind { record.kind }
}

/// A read-only view of a WAL directory, for `kvwal`. It never writes or truncates, so it can
/// run beside a live member; it then sees each file as it is at that moment, and a record
/// being appended may show as a torn tail (run it again to tell).
///
/// It judges damage exactly as open does (the same scan and chain), from the oldest segment.
public struct WALReader: Sendable {
    public let directory: String
    public let segments: [WALSegmentName]

    public init(directory: String) throws {
        self.directory = directory
        self.segments = try SegmentDirectory.segmentNames(in: directory)
        guard !segments.isEmpty else { throw WALError(.noSegments, file: directory, detail: "expected at least one .wal segment") }
    }

    /// Calls `body` with every record in order, up to the first damage, which it returns
    /// (nil when the whole WAL checks out).
    @discardableResult
    public func forEachRecord(_ body: (WALLocatedRecord) throws -> Void) throws -> WALError? {
        try walk(segment: { _ in }, record: body)
    }

    /// Checks every record (framing, CRC chain, segment sequence, metadata agreement, index
    /// continuity) and returns the first damage, or nil. A `.tornTail` would be repaired by open.
    public func verify() throws -> WALError? {
        try walk(segment: { _ in }, record: { _ in })
    }

    /// The snapshot markers recorded, oldest first, as far as the WAL reads without damage.
    /// A snapshot file counts only once its marker is here: the file is made durable first,
    /// so a crash between the two leaves a file no marker vouches for.
    public func snapshotMarkers() throws -> [WALSnapshotMarker] {
        var markers: [WALSnapshotMarker] = []
        try forEachRecord { located in
            if case .snapshotMarker(let marker) = located.record { markers.append(marker) }
        }
        return markers
    }

    /// Sizes and counts over the segments read (all of them, unless damage stops the walk).
    public func stats() throws -> WALStats {
        var stats = WALStats()
        let damage = try walk(
            segment: { segment in
                stats.segments.append(WALStats.Segment(name: segment.name, fileBytes: segment.bytes.count,
                                                       usedBytes: segment.scan.endOffsetBytes))
            },
            record: { located in
                stats.recordCounts[located.kind, default: 0] += 1
                if case .entry(let entry) = located.record {
                    stats.firstIndex = min(stats.firstIndex ?? entry.index, entry.index)
                    stats.lastIndex = entry.index
                }
            })
        stats.damage = damage
        return stats
    }

    private func walk(segment visitSegment: (SegmentRead) -> Void,
                      record visitRecord: (WALLocatedRecord) throws -> Void) throws -> WALError? {
        var continuity = IndexContinuity()
        return try SegmentChain.read(segments, in: directory) { segment in
            visitSegment(segment)
            for scanned in segment.scan.records {
                if let gap = continuity.admit(scanned.record) {
                    return WALError(.indexGap, file: segment.path, offsetBytes: scanned.offsetBytes, detail: gap)
                }
                try visitRecord(WALLocatedRecord(segment: segment.name, offsetBytes: scanned.offsetBytes,
                                                 frameBytes: scanned.frameBytes, crc: scanned.crc, record: scanned.record))
            }
            return nil
        }
    }
}

/// What `WALReader.stats` finds.
public struct WALStats: Sendable, Equatable {
    public struct Segment: Sendable, Equatable {
        public let name: WALSegmentName
        public let fileBytes: Int
        /// Up to the end of the last valid record.
        public let usedBytes: Int
    }

    public var segments: [Segment] = []
    /// The lowest entry index read.
    public var firstIndex: UInt64?
    /// The index of the last entry read (the log's end, after any overwrite).
    public var lastIndex: UInt64?
    public var recordCounts: [WALRecordKind: Int] = [:]
    /// The first damage, which stopped the walk; nil when everything checks out.
    public var damage: WALError?

    /// Preallocated space not yet holding records.
    public var unusedPreallocatedBytes: Int {
        segments.reduce(0) { $0 + max(0, $1.fileBytes - $1.usedBytes) }
    }

    public var totalBytes: Int {
        segments.reduce(0) { $0 + $1.fileBytes }
    }
}
