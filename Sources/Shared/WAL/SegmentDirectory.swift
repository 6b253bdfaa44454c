#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The segment files of one WAL directory: listing them by name, and creating a new one so
/// that it appears whole or not at all.
enum SegmentDirectory {
    /// The segments, in sequence order. A `.wal` file with a bad name is an error (it could be
    /// a segment renamed by hand); other files are not the WAL's and are left alone.
    static func segmentNames(in directory: String) throws -> [WALSegmentName] {
        var names: [WALSegmentName] = []
        for fileName in try FileIO.list(directory) where fileName.hasSuffix(WALSegmentName.suffix) {
            guard let name = WALSegmentName(fileName: fileName) else {
                throw WALError(.badFileName, file: FileIO.join(directory, fileName),
                               detail: "expected <16 lowercase hex digits>-<16 lowercase hex digits>.wal")
            }
            names.append(name)
        }
        return names.sorted()
    }

    /// Leftovers of segments whose creation a crash interrupted.
    static func temporaryFiles(in directory: String) throws -> [String] {
        try FileIO.list(directory).filter { $0.hasSuffix(WALSegmentName.temporarySuffix) }
    }

    /// Creates segment `name` holding `head`, preallocated to `segmentBytes`, and returns its
    /// open descriptor. Written and synced under a temporary name, then renamed, so a crash
    /// never leaves a half-created segment under a real name.
    static func create(_ name: WALSegmentName, head: [UInt8], segmentBytes: Int, in directory: String) throws -> Int32 {
        let path = FileIO.join(directory, name.fileName)
        let temporaryPath = path + ".tmp"
        guard !FileIO.exists(path) else {
            throw WALError(.alreadyExists, file: path, detail: "a segment by this name already exists")
        }
        if FileIO.exists(temporaryPath) { try FileIO.remove(temporaryPath) }
        let fd = try FileIO.open(temporaryPath, flags: O_RDWR | O_CREAT | O_EXCL)
        do {
            try FileIO.preallocate(fd, sizeBytes: max(segmentBytes, head.count), path: temporaryPath)
            try FileIO.write(fd, head, at: 0, path: temporaryPath)
            try FileIO.sync(fd, path: temporaryPath)
            try FileIO.rename(temporaryPath, to: path)
            try FileIO.syncDirectory(directory)
            return fd
        } catch {
            FileIO.close(fd)
            throw error
        }
    }
}
