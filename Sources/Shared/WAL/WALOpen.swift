#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

extension WAL {
    /// What opening returns: the log after the snapshot, and the WAL ready to append.
    public struct OpenResult {
        public let wal: WAL
        public let metadata: WALMetadata
        /// The last hard state recorded, if any was.
        public let hardState: WALHardState?
        /// The entries after the snapshot index, overwritten tails already replaced.
        public let entries: [WALEntry]
        /// What open repaired (a torn tail), for the caller to log.
        public let warnings: [String]
    }

    /// Creates a WAL in `directory` (made if missing): the first segment with the metadata,
    /// the initial snapshot marker (index 0, term 0) and the founding `entries` and `hardState`,
    /// synced with its directory. The segment appears whole under its name or not at all, so
    /// a crash can never leave a member with half its founding log.
    public static func create(directory: String, metadata: WALMetadata, entries: [WALEntry] = [],
                              hardState: WALHardState? = nil, segmentBytes: Int = defaultSegmentBytes) throws -> WAL {
        checkSegmentBytes(segmentBytes)
        try FileIO.makeDirectories(directory)
        if let existing = try SegmentDirectory.segmentNames(in: directory).first {
            throw WALError(.alreadyExists, file: FileIO.join(directory, existing.fileName), detail: "the directory already holds a WAL")
        }
        try removeTemporaryFiles(in: directory)
        var continuity = IndexContinuity(lastIndex: WALSnapshotMarker.initial.index)
        for entry in entries {
            if let gap = continuity.gap(before: entry.index) { preconditionFailure("WAL.create: \(gap)") }
            continuity.admit(entryIndex: entry.index)
        }
        let name = WALSegmentName(sequence: 0, firstIndex: 0)
        let records = [.snapshotMarker(.initial)] + entries.map(WALRecord.entry) + (hardState.map { [.hardState($0)] } ?? [])
        let head = SegmentHead.encode(previousCRC: 0, metadata: metadata, followedBy: records)
        let fd = try SegmentDirectory.create(name, head: head.bytes, segmentBytes: segmentBytes, in: directory)
        let position = AppendPosition(segments: [name], fd: fd, writtenBytes: head.bytes.count,
                                      headEndBytes: head.bytes.count, chainCRC: head.crc)
        return WAL(directory: directory, segmentBytes: segmentBytes, metadata: metadata, position: position,
                   continuity: continuity, hardState: hardState, markers: [.initial])
    }

    /// Opens the WAL in `directory` after `snapshot`: reads from the segment holding the
    /// snapshot marker onward, truncates a torn final record (reporting it in `warnings`),
    /// and fails on any other damage.
    public static func open(directory: String, after snapshot: WALSnapshotMarker, segmentBytes: Int = defaultSegmentBytes) throws -> OpenResult {
        checkSegmentBytes(segmentBytes)
        let all = try SegmentDirectory.segmentNames(in: directory)
        guard !all.isEmpty else { throw WALError(.noSegments, file: directory, detail: "expected at least one .wal segment") }
        try removeTemporaryFiles(in: directory)
        guard let start = all.lastIndex(where: { $0.firstIndex <= snapshot.index }) else {
            throw WALError(.snapshotNotFound, file: FileIO.join(directory, all[0].fileName),
                           detail: "the oldest segment starts after the snapshot at index \(snapshot.index)")
        }
        var replay = LogReplay(after: snapshot)
        var lastRead: SegmentRead?
        let damage = try SegmentChain.read(Array(all[start...]), in: directory) { segment in
            lastRead = segment
            return replayRecords(of: segment, into: &replay)
        }
        if let damage, damage.kind != .tornTail { throw damage }
        if let violation = replay.finish() {
            throw WALError(violation.kind, file: directory, detail: violation.detail)
        }
        guard let last = lastRead, let metadata = replay.metadata else {
            preconditionFailure("a chain read without damage visits every segment, each with metadata")
        }
        let fd = try FileIO.open(last.path, flags: O_RDWR)
        do {
            let warnings = try damage.map { [try zeroTornTail(damage: $0, of: last, fd: fd)] } ?? []
            if try FileIO.sizeBytes(fd, path: last.path) < segmentBytes {
                try FileIO.preallocate(fd, sizeBytes: segmentBytes, path: last.path)
            }
            let position = AppendPosition(segments: Array(all[start...]), fd: fd, writtenBytes: last.scan.endOffsetBytes,
                                          headEndBytes: last.scan.records[1].offsetBytes + last.scan.records[1].frameBytes,
                                          chainCRC: last.scan.chainCRC)
            let wal = WAL(directory: directory, segmentBytes: segmentBytes, metadata: metadata, position: position,
                          continuity: replay.continuity, hardState: replay.hardState, markers: replay.markers)
            return OpenResult(wal: wal, metadata: metadata, hardState: replay.hardState, entries: replay.entries, warnings: warnings)
        } catch {
            FileIO.close(fd)
            throw error
        }
    }

    private static func checkSegmentBytes(_ segmentBytes: Int) {
        precondition(segmentBytes >= minimumSegmentBytes, "segments of \(segmentBytes) bytes are too small")
        precondition(segmentBytes % RecordFrame.alignmentBytes == 0, "segment size must be a multiple of 8")
    }

    private static func replayRecords(of segment: SegmentRead, into replay: inout LogReplay) -> WALError? {
        for scanned in segment.scan.records {
            if let violation = replay.apply(scanned.record) {
                return WALError(violation.kind, file: segment.path, offsetBytes: scanned.offsetBytes, detail: violation.detail)
            }
        }
        return nil
    }

    /// Zeroes the torn record and anything after it, so the next append lands on a clean tail.
    private static func zeroTornTail(damage: WALError, of segment: SegmentRead, fd: Int32) throws -> String {
        guard let offsetBytes = damage.offsetBytes else { preconditionFailure("a torn tail has an offset") }
        precondition(offsetBytes == segment.scan.endOffsetBytes, "the torn record is where the valid records end")
        let lastNonzero = segment.bytes.lastIndex(where: { $0 != 0 }) ?? offsetBytes
        let zeroBytes = max(0, lastNonzero + 1 - offsetBytes)
        try FileIO.write(fd, [UInt8](repeating: 0, count: zeroBytes), at: offsetBytes, path: segment.path)
        try FileIO.syncData(fd, path: segment.path)
        return "\(damage); zeroed \(zeroBytes) bytes from byte offset \(offsetBytes) on"
    }

    private static func removeTemporaryFiles(in directory: String) throws {
        let leftovers = try SegmentDirectory.temporaryFiles(in: directory)
        guard !leftovers.isEmpty else { return }
        for name in leftovers {
            try FileIO.remove(FileIO.join(directory, name))
        }
        try FileIO.syncDirectory(directory)
    }
}
