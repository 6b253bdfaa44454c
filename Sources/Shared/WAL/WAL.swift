import Failpoints

/// The write-ahead log of one member: appends go to the current segment through a write
/// buffer, and `sync` makes everything appended so far durable with one fdatasync, so one
/// fsync covers many requests (group commit).
///
/// A `final class` owned by one task, the member's I/O loop: it is not Sendable and takes no
/// locks. After an I/O error it refuses all further work (a failed fsync leaves the page cache
/// untrustworthy), and the member must stop and reopen. Dropping it without `close` loses
/// what was not synced, exactly as a crash would.
public final class WAL {
    public static let defaultSegmentBytes = 64 << 20
    /// Below this a segment could not hold its head and a modest record.
    public static let minimumSegmentBytes = 512
    /// The write buffer is written out (not synced) when it grows past this.
    static let flushThresholdBytes = 1 << 20

    public let directory: String
    public let segmentBytes: Int
    public let metadata: WALMetadata

    /// The live segments, oldest first; the last is the one appended to.
    public private(set) var segments: [WALSegmentName]
    private var fd: Int32
    private var segmentPath: String
    /// How much of the current segment is written; `pending` goes right after.
    private var writtenBytes: Int
    private var pending: [UInt8] = []
    /// Where the last record in `pending` starts: `walMidWrite` tears that one.
    private var lastRecordInPending = 0
    /// Where the current segment's head ends: a segment holding only its head is never cut,
    /// so a record larger than a segment extends it rather than cutting forever.
    private var headEndBytes: Int
    private var chainCRC: UInt32
    private var continuity: IndexContinuity
    private var hardState: WALHardState?
    /// Snapshot markers in live segments, in the order written: release keeps what they need.
    private var markers: [WALSnapshotMarker]
    private var hasUnsyncedWrites = false
    private var failure: WALError?
    private var isClosed = false

    struct AppendPosition {
        let segments: [WALSegmentName]
        let fd: Int32
        let writtenBytes: Int
        let headEndBytes: Int
        let chainCRC: UInt32
    }

    init(directory: String, segmentBytes: Int, metadata: WALMetadata, position: AppendPosition,
         continuity: IndexContinuity, hardState: WALHardState?, markers: [WALSnapshotMarker]) {
        precondition(!position.segments.isEmpty, "a WAL has a segment to append to")
        precondition(position.headEndBytes <= position.writtenBytes, "appends go after the head")
        self.directory = directory
        self.segmentBytes = segmentBytes
        self.metadata = metadata
        self.segments = position.segments
        self.fd = position.fd
        self.segmentPath = FileIO.join(directory, position.segments[position.segments.count - 1].fileName)
        self.writtenBytes = position.writtenBytes
        self.headEndBytes = position.headEndBytes
        self.chainCRC = position.chainCRC
        self.continuity = continuity
        self.hardState = hardState
        self.markers = markers
    }

    deinit {
        if !isClosed { FileIO.close(fd) }
    }

    /// The index of the last entry (or snapshot marker, if later) in the log.
    public var lastIndex: UInt64 { continuity.lastIndex ?? 0 }

    /// Appends entries, then the hard state, to the write buffer. Not durable until `sync`.
    /// Entries must not skip an index (going back overwrites the tail, as Raft may).
    public func save(hardState: WALHardState?, entries: [WALEntry]) throws {
        try guarded {
            for entry in entries {
                if let gap = continuity.gap(before: entry.index) { preconditionFailure("WAL.save: \(gap)") }
                try append(.entry(entry))
                continuity.admit(entryIndex: entry.index)
            }
            if let hardState {
                try append(.hardState(hardState))
                self.hardState = hardState
            }
        }
    }

    /// Writes the buffer out and fdatasyncs once: everything saved so far becomes durable.
    public func sync() throws {
        try guarded {
            try flush()
            guard hasUnsyncedWrites else { return }
            try FileIO.syncData(fd, path: segmentPath)
            hasUnsyncedWrites = false
        }
    }

    /// Records a snapshot (after the snapshot itself is durable), and syncs.
    public func saveSnapshotMarker(_ marker: WALSnapshotMarker) throws {
        try guarded {
            try append(.snapshotMarker(marker))
            continuity.admit(snapshot: marker)
            markers.append(marker)
        }
        try sync()
    }

    /// Syncs and closes. The WAL cannot be used afterwards.
    public func close() throws {
        try sync()
        isClosed = true
        FileIO.close(fd)
    }

    /// Runs `body`, refusing to when an earlier call failed, and remembering a failure.
    private func guarded(_ body: () throws -> Void) throws {
        precondition(!isClosed, "the WAL is closed")
        if let failure { throw failure }
        do {
            try body()
        } catch {
            let walError = error as? WALError ?? WALError(.io, file: segmentPath, detail: "\(error)")
            failure = walError
            throw walError
        }
    }

    private func append(_ record: WALRecord) throws {
        let endBytes = writtenBytes + pending.count
        let frameBytes = RecordFrame.frameBytes(bodyBytes: record.bodyBytes)
        if endBytes + frameBytes > segmentBytes && endBytes > headEndBytes {
            try cut()
        }
        lastRecordInPending = pending.count
        chainCRC = RecordFrame.append(record, chainedFrom: chainCRC, to: &pending)
        if pending.count >= Self.flushThresholdBytes {
            try flush()
        }
    }

    private func flush() throws {
        guard !pending.isEmpty else { return }
        Failpoint.walMidWrite.hit {
            // The last record's length and nothing after: torn for sure (a cut at its end could
            // lose only zero bytes and leave it whole).
            _ = try? FileIO.write(fd, Array(pending.prefix(lastRecordInPending + 4)), at: writtenBytes, path: segmentPath)
        }
        try FileIO.write(fd, pending, at: writtenBytes, path: segmentPath)
        writtenBytes += pending.count
        pending.removeAll(keepingCapacity: true)
        hasUnsyncedWrites = true
    }

    /// Starts the next segment. The current one is made durable first: a newer segment on
    /// disk vouches that every older one is whole, so damage in one is never a torn tail.
    private func cut() throws {
        try flush()
        try FileIO.syncData(fd, path: segmentPath)
        hasUnsyncedWrites = false
        let current = segments[segments.count - 1]
        let name = WALSegmentName(sequence: current.sequence + 1, firstIndex: lastIndex + 1)
        let head = SegmentHead.encode(previousCRC: chainCRC, metadata: metadata, followedBy: hardState.map { [.hardState($0)] } ?? [])
        let newFD = try SegmentDirectory.create(name, head: head.bytes, segmentBytes: segmentBytes, in: directory)
        FileIO.close(fd)
        fd = newFD
        segmentPath = FileIO.join(directory, name.fileName)
        segments.append(name)
        writtenBytes = head.bytes.count
        headEndBytes = head.bytes.count
        chainCRC = head.crc
    }

    /// Removes whole segments the caller no longer needs: those before the segment that
    /// opening after the latest snapshot marker at or below `index` would start from. Call it
    /// only once the store is synced past `index` and a snapshot covers it. Returns what was
    /// removed, oldest first.
    @discardableResult
    public func release(upTo index: UInt64) throws -> [WALSegmentName] {
        precondition(!isClosed, "the WAL is closed")
        if let failure { throw failure }
        guard let marker = markers.last(where: { $0.index <= index }),
              let openStart = segments.lastIndex(where: { $0.firstIndex <= marker.index })
        else { return [] }
        let keepFrom = min(openStart, segments.count - 1)
        guard keepFrom > 0 else { return [] }
        let removed = Array(segments[..<keepFrom])
        for name in removed {
            try FileIO.remove(FileIO.join(directory, name.fileName))
            segments.removeFirst()
        }
        try FileIO.syncDirectory(directory)
        markers.removeAll { $0.index < marker.index }
        return removed
    }
}
