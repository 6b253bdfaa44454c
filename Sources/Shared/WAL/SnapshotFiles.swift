#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The snapshot files of one member, `<term>-<index>.snap` (16 lowercase hex digits each) in
/// `<data-dir>/member/snap/`. Saved atomically (temporary file, fsync, rename, fsync the
/// directory), so a file under a real name is always complete; a damaged one is caught by its CRC.
public struct SnapshotFiles: Sendable {
    public let directory: String

    static let suffix = ".snap"

    public init(directory: String) {
        self.directory = directory
    }

    /// What `loadNewest` found.
    public struct Loaded: Sendable {
        /// The newest snapshot that checks out, or nil when there is none.
        public let snapshot: StoredSnapshot?
        public let fileName: String?
        /// One line per newer file that was skipped, and why.
        public let warnings: [String]
    }

    public static func fileName(term: UInt64, index: UInt64) -> String {
        WALSegmentName.hex(term) + "-" + WALSegmentName.hex(index) + suffix
    }

    /// Parses `<term>-<index>.snap`; nil for any other name.
    static func parse(fileName: String) -> (term: UInt64, index: UInt64)? {
        let utf8 = Array(fileName.utf8)
        guard utf8.count == 33 + suffix.utf8.count, fileName.hasSuffix(suffix), utf8[16] == UInt8(ascii: "-"),
              let term = WALSegmentName.parseHex(utf8[0..<16]),
              let index = WALSegmentName.parseHex(utf8[17..<33]) else { return nil }
        return (term, index)
    }

    /// Writes `snapshot` durably under its name; returns the file name.
    @discardableResult
    public func save(_ snapshot: StoredSnapshot) throws -> String {
        try FileIO.makeDirectories(directory)
        let fileName = Self.fileName(term: snapshot.term, index: snapshot.index)
        let path = FileIO.join(directory, fileName)
        let temporaryPath = path + ".tmp"
        let fd = try FileIO.open(temporaryPath, flags: O_WRONLY | O_CREAT | O_TRUNC)
        do {
            try FileIO.write(fd, snapshot.encoded(), at: 0, path: temporaryPath)
            try FileIO.sync(fd, path: temporaryPath)
            FileIO.close(fd)
        } catch {
            FileIO.close(fd)
            throw error
        }
        try FileIO.rename(temporaryPath, to: path)
        try FileIO.syncDirectory(directory)
        return fileName
    }

    /// The snapshot files, newest (highest index, then term) first. None if the directory is missing.
    public func fileNames() throws -> [String] {
        guard FileIO.exists(directory) else { return [] }
        let named = try FileIO.list(directory).compactMap { name in Self.parse(fileName: name).map { (name, $0) } }
        return named.sorted { ($0.1.index, $0.1.term) > ($1.1.index, $1.1.term) }.map(\.0)
    }

    /// The newest snapshot whose file checks out and whose marker is among `markers` (the
    /// WAL's); newer files are skipped with a warning: damaged ones, and those saved by a
    /// member killed before it recorded their marker.
    public func loadNewest(recordedIn markers: [WALSnapshotMarker]) throws -> Loaded {
        let recorded = Set(markers)
        var warnings: [String] = []
        for fileName in try fileNames() {
            let path = FileIO.join(directory, fileName)
            guard let named = Self.parse(fileName: fileName),
                  recorded.contains(WALSnapshotMarker(index: named.index, term: named.term)) else {
                warnings.append("\(path): the WAL has no marker for it (the member stopped between saving and recording it); skipped")
                continue
            }
            do {
                let snapshot = try StoredSnapshot(decoding: FileIO.readAll(path))
                guard Self.fileName(term: snapshot.term, index: snapshot.index) == fileName else {
                    warnings.append("\(path): holds term \(snapshot.term) index \(snapshot.index), not what its name says; skipped")
                    continue
                }
                return Loaded(snapshot: snapshot, fileName: fileName, warnings: warnings)
            } catch let error as SnapshotDecodingError {
                warnings.append("\(path): \(error); skipped, falling back to an older snapshot")
            }
        }
        return Loaded(snapshot: nil, fileName: nil, warnings: warnings)
    }

    /// Removes all but the newest `count` snapshot files; returns the removed names.
    @discardableResult
    public func release(keeping count: Int) throws -> [String] {
        precondition(count >= 1, "keep at least the newest snapshot")
        let removed = Array(try fileNames().dropFirst(count))
        guard !removed.isEmpty else { return [] }
        for fileName in removed {
            try FileIO.remove(FileIO.join(directory, fileName))
        }
        try FileIO.syncDirectory(directory)
        return removed
    }

    /// Reads a snapshot file in chunks, to stream it to a peer; the peer decodes the joined
    /// bytes with `StoredSnapshot(decoding:)`.
    public func chunks(of fileName: String, chunkBytes: Int) throws -> SnapshotChunkReader {
        try SnapshotChunkReader(path: FileIO.join(directory, fileName), chunkBytes: chunkBytes)
    }
}

/// Hands out a file's bytes a chunk at a time. Owned by the one task streaming it (not
/// Sendable); closes the file when done or dropped.
public final class SnapshotChunkReader {
    public let totalBytes: Int
    public let chunkBytes: Int
    private let path: String
    private var fd: Int32
    private var offsetBytes = 0

    init(path: String, chunkBytes: Int) throws {
        precondition(chunkBytes > 0, "chunks hold at least a byte")
        self.path = path
        self.chunkBytes = chunkBytes
        self.fd = try FileIO.open(path, flags: O_RDONLY)
        do {
            self.totalBytes = try FileIO.sizeBytes(fd, path: path)
        } catch {
            FileIO.close(fd)
            throw error
        }
    }

    deinit {
        if fd >= 0 { FileIO.close(fd) }
    }

    /// The next chunk (at most `chunkBytes`), or nil after the last.
    public func next() throws -> [UInt8]? {
        guard offsetBytes < totalBytes else {
            if fd >= 0 { FileIO.close(fd) }
            fd = -1
            return nil
        }
        var chunk = [UInt8](repeating: 0, count: min(chunkBytes, totalBytes - offsetBytes))
        let readBytes = try chunk.withUnsafeMutableBytes { try FileIO.readFully(fd, into: $0, at: offsetBytes, path: path) }
        guard readBytes == chunk.count else {
            throw WALError(.io, file: path, offsetBytes: offsetBytes + readBytes, detail: "the file shrank while being read")
        }
        offsetBytes += readBytes
        return chunk
    }
}
